package io.personaforge.generator.engine;

import io.personaforge.generator.GenerationException;

/**
 * What one call of any kind (a draft, a revision, a judge's verdict) came to: its value, or the
 * failure that ended it after the retries.
 *
 * @param value the parsed answer, or null when the call failed
 * @param failure why there is no value, or null
 * @param attempts attempts made for this asker (0 when it was answered without a call)
 * @param cacheHit answered by the journal or by another asker's call, not paid for by this one
 * @param millis how long the call that got the answer took (as journaled, for a replay)
 * @param promptTokens billed prompt tokens of that call
 * @param completionTokens billed completion tokens of that call
 */
public record Called<R>(
    R value,
    GenerationException failure,
    int attempts,
    boolean cacheHit,
    long millis,
    long promptTokens,
    long completionTokens) {
  /** A call that failed for good after {@code attempts} attempts. */
  static <R> Called<R> failed(GenerationException failure, int attempts) {
    return new Called<>(null, failure, attempts, false, 0, 0, 0);
  }

  /** Why there is no value, for the reject record (no secrets: the failure's message has none). */
  public String reason() {
    return failure.getMessage() + (failure.retriable() ? " (after " + attempts + " attempts)" : "");
  }

  /** This answer as another asker gets it: not paid for again, so a cache hit of no attempts. */
  Called<R> shared() {
    return failure != null
        ? this
        : new Called<>(value, null, 0, true, millis, promptTokens, completionTokens);
  }
}
