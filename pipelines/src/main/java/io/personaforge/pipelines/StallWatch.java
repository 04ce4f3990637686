package io.personaforge.pipelines;

/**
 * Watches one running round's pipeline for a runner that has stopped scheduling work: asked a few
 * times a second while the round runs, and once the round was cancelled, to wait for the runner's
 * threads to end. One watch per pipeline run.
 */
public interface StallWatch {
  /** Whether the pipeline has made no progress for long enough to be called stuck. */
  boolean stalled();

  /**
   * After a stalled pipeline was cancelled: waits up to {@code limitMillis} for its threads to end,
   * so that nothing of it still writes when the round runs again.
   */
  void awaitStopped(long limitMillis) throws InterruptedException;

  /** A watch for runners that do not stall this way: never stalled. */
  static StallWatch none() {
    return new StallWatch() {
      @Override
      public boolean stalled() {
        return false;
      }

      @Override
      public void awaitStopped(long limitMillis) {}
    };
  }
}
