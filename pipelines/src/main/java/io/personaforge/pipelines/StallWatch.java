package io.personaforge.pipelines;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.joda.time.Duration;

/**
 * Watches one running pipeline for a runner that has stopped scheduling work: asked a few times a
 * second while it runs ({@link #await}), and once it was cancelled, to wait for the runner's
 * threads to end. One watch per pipeline run, made before the pipeline starts.
 */
public interface StallWatch {
  /** How often a running pipeline is looked at: cheap, a few threads' stacks. */
  Duration DEFAULT_INTERVAL = Duration.millis(250);

  /** How long a cancelled, stuck pipeline's threads get to end before anything runs again. */
  Duration DEFAULT_STOP_WAIT = Duration.standardSeconds(30);

  /** Whether the pipeline has made no progress for long enough to be called stuck. */
  boolean stalled();

  /**
   * After a stalled pipeline was cancelled: waits up to {@code limitMillis} for its threads to end,
   * so that nothing of it still writes when it runs again.
   */
  void awaitStopped(long limitMillis) throws InterruptedException;

  /**
   * Waits for {@code result}, asking {@code watch} every {@link #DEFAULT_INTERVAL} and running
   * {@code between} after each look that found it moving. A pipeline the watch finds stuck is
   * cancelled and its threads are given {@link #DEFAULT_STOP_WAIT} to end; a pipeline that failed
   * throws its failure.
   *
   * @return whether the pipeline finished (false: it was stuck and is cancelled)
   */
  static boolean await(PipelineResult result, StallWatch watch, Runnable between)
      throws IOException {
    PipelineResult.State state = result.waitUntilFinish(DEFAULT_INTERVAL);
    while (state == null || !state.isTerminal()) {
      if (watch.stalled()) {
        result.cancel();
        try {
          watch.awaitStopped(DEFAULT_STOP_WAIT.getMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RunFailedException("interrupted while a stuck pipeline was cancelled", e);
        }
        return false;
      }
      between.run();
      state = result.waitUntilFinish(DEFAULT_INTERVAL);
    }
    // Polling returns a failed pipeline's state; this throws its failure.
    result.waitUntilFinish();
    return true;
  }

  /** Cleans up after a stuck run, before run {@code attempt} (2, 3, ...) starts. */
  @FunctionalInterface
  interface Again {
    void prepare(int attempt) throws IOException;
  }

  /**
   * A run that finished.
   *
   * @param result its result
   * @param attempts runs it took: more than 1 when earlier runs got stuck
   */
  record Finished(PipelineResult result, int attempts) {}

  /**
   * Runs the pipeline {@code pipelines} makes until a run of it finishes, at most {@code attempts}
   * runs: each run is watched by a new watch ({@link #await}, with {@code between} of that run's
   * result after each look), a run found stuck is cancelled, and {@code again} cleans up before the
   * next. For a pipeline whose runs give the same output (a round of a run: deterministic, its LLM
   * answers journaled).
   *
   * @return the run that finished; empty when every run got stuck
   */
  static Optional<Finished> runUntilFinished(
      Supplier<Pipeline> pipelines,
      Supplier<StallWatch> watches,
      int attempts,
      Function<PipelineResult, Runnable> between,
      Again again)
      throws IOException {
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        again.prepare(attempt);
      }
      Pipeline p = pipelines.get();
      StallWatch watch = watches.get();
      PipelineResult result = p.run();
      if (await(result, watch, between.apply(result))) {
        return Optional.of(new Finished(result, attempt));
      }
    }
    return Optional.empty();
  }

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
