package io.personaforge.app;

/**
 * What a run tells the person who started it while it works. A lambda is a listener that prints
 * lines and ignores progress.
 */
@FunctionalInterface
public interface RunListener {
  /** A line worth keeping: the plan, each round's outcome. */
  void line(String text);

  /**
   * Where the running round stands; called about once a second while a round's pipeline runs. A
   * terminal shows it in place; a log file can ignore it (the default).
   */
  default void progress(Progress progress) {}
}
