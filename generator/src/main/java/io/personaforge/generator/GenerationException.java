package io.personaforge.generator;

import java.time.Duration;

/**
 * A writer could not produce a draft. Classified once, at the provider boundary, into a {@link
 * FailureKind}: {@link #retriable()} failures (rate limits, timeouts, 5xx, unparseable output) may
 * be retried; the others (bad key, unknown model, bad request) may not. Messages never contain
 * secrets.
 */
public class GenerationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final FailureKind kind;
  private final String rawOutput;
  private final Duration retryAfter;

  public GenerationException(String message, boolean retriable, String rawOutput, Throwable cause) {
    this(
        message,
        retriable ? FailureKind.UNEXPECTED : FailureKind.BAD_REQUEST,
        rawOutput,
        null,
        cause);
  }

  /**
   * @param kind why it failed
   * @param rawOutput the model's output when there was one, else null
   * @param retryAfter how long the server asked us to wait (Retry-After), or null
   */
  public GenerationException(
      String message, FailureKind kind, String rawOutput, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.rawOutput = rawOutput;
    this.retryAfter = retryAfter;
  }

  public boolean retriable() {
    return kind.retriable();
  }

  public FailureKind kind() {
    return kind;
  }

  /** The model's output when there was one (unparseable JSON, say), else null. */
  public String rawOutput() {
    return rawOutput;
  }

  /** The server's Retry-After, or null when it sent none. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
