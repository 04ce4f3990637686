package io.personaforge.generator;

import java.io.Serializable;

/**
 * What became of one write request. Per-persona failures are outcomes, not exceptions: a future
 * from the engine completes exceptionally only when the whole run must stop.
 */
public sealed interface Outcome extends Serializable permits Outcome.Success, Outcome.Failure {
  /** Calls made for this request (0 when replayed from the journal or written offline). */
  int attempts();

  /**
   * A draft.
   *
   * @param draft the written persona
   * @param attempts calls made (retries included)
   * @param cacheHit replayed from the journal: no call was made
   */
  record Success(Draft draft, int attempts, boolean cacheHit) implements Outcome {
    public Success {
      if (draft == null) {
        throw new IllegalArgumentException("draft is null");
      }
    }
  }

  /**
   * No draft after the retries: the persona becomes a reject.
   *
   * @param kind why the last attempt failed
   * @param reason a message for the reject record (no secrets)
   * @param rawOutput the model's last output, or "" when there was none
   * @param attempts calls made
   */
  record Failure(FailureKind kind, String reason, String rawOutput, int attempts)
      implements Outcome {
    public Failure {
      rawOutput = rawOutput == null ? "" : rawOutput;
    }
  }
}
