package io.personaforge.app;

import io.personaforge.generator.GenerationEngine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What Ctrl-C (SIGINT, SIGTERM) does to a run: no new LLM calls are made, the calls in flight get
 * {@link #DEFAULT_GRACE} to be answered and journaled — answers the endpoint already computed are
 * not thrown away — and the user is told how to resume. The output directory stays marked as an
 * unfinished run, so the same command resumes it, replaying every journaled answer.
 */
final class Interruption implements AutoCloseable {
  /** Long enough for most answers in flight to arrive; short enough that Ctrl-C feels prompt. */
  static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

  private static volatile boolean interrupted;

  private final Thread hook;

  private Interruption(Thread hook) {
    this.hook = hook;
  }

  /** Watches for an interruption until closed (the run ended, well or not). */
  static Interruption watch(Path out) {
    PrintStream err = System.err;
    Thread hook =
        new Thread(
            () -> {
              interrupted = true;
              int unanswered = 0;
              for (GenerationEngine e : GenerationEngine.openEngines()) {
                unanswered += e.stopIssuing(DEFAULT_GRACE);
              }
              err.println();
              err.println(
                  "interrupted — run the same command to resume; the answers received are"
                      + " journaled in "
                      + out.resolve(".cache")
                      + (unanswered > 0
                          ? " (" + unanswered + " call(s) still unanswered will be asked again)"
                          : ""));
              err.flush();
            },
            "personaforge-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    return new Interruption(hook);
  }

  /** Whether this process is shutting down after an interruption (its errors are consequences). */
  static boolean interrupted() {
    return interrupted;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: it reports the interruption.
    }
  }
}
