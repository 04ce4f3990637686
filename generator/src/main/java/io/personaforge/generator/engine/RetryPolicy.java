package io.personaforge.generator.engine;

import io.personaforge.generator.GenerationException;
import io.personaforge.generator.GeneratorConfig;
import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Whether a failed call is tried again, and when: a retriable failure is retried up to {@code
 * maxRetries} times, after an exponential back-off from {@code initialMillis}, capped at {@code
 * maxMillis}, with "equal jitter" (half fixed, half random, so callers that failed together do not
 * come back together) and never sooner than the server's Retry-After. Pure: the randomness comes in
 * as a function, so tests can pin it.
 *
 * @param maxRetries retries after the first attempt
 * @param initialMillis the first retry's back-off (before jitter)
 * @param maxMillis the longest back-off (before Retry-After)
 */
public record RetryPolicy(int maxRetries, long initialMillis, long maxMillis) {
  public RetryPolicy {
    if (maxRetries < 0 || initialMillis < 1 || maxMillis < initialMillis) {
      throw new IllegalArgumentException(
          "retries "
              + maxRetries
              + ", back-off "
              + initialMillis
              + " to "
              + maxMillis
              + " ms: need retries >= 0 and 1 <= initial <= max");
    }
  }

  /** The policy of {@code config}'s {@code max_retries}, {@code backoff_initial_ms} and max. */
  public static RetryPolicy of(GeneratorConfig config) {
    return new RetryPolicy(config.maxRetries(), config.backoffInitialMs(), config.backoffMaxMs());
  }

  /**
   * Whether a call whose attempt {@code attempts} (1-based) ended in {@code failure} is retried.
   */
  public boolean retries(GenerationException failure, int attempts) {
    return failure.retriable() && attempts <= maxRetries;
  }

  /**
   * How long to wait before the attempt after attempt {@code attempt} (1-based).
   *
   * @param retryAfter what the server asked for, or null
   * @param upTo a uniform random draw from 0 to its argument, inclusive
   */
  public long delayMillis(int attempt, Duration retryAfter, LongUnaryOperator upTo) {
    long base = Math.min(maxMillis, initialMillis << Math.min(30, Math.max(0, attempt - 1)));
    long jittered = base / 2 + upTo.applyAsLong(base / 2);
    long server = retryAfter == null ? 0 : retryAfter.toMillis();
    return Math.max(jittered, server);
  }
}
