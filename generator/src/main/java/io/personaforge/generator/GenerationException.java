package io.personaforge.generator;

/**
 * A writer could not produce a draft. Classified once, at the provider boundary: {@link
 * #retriable()} failures (rate limits, timeouts, 5xx, unparseable output) may be retried; the
 * others (bad key, unknown model, bad request) stop the run. Messages never contain secrets.
 */
public class GenerationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean retriable;
  private final String rawOutput;

  public GenerationException(String message, boolean retriable, String rawOutput, Throwable cause) {
    super(message, cause);
    this.retriable = retriable;
    this.rawOutput = rawOutput;
  }

  public boolean retriable() {
    return retriable;
  }

  /** The model's output when there was one (unparseable JSON, say), else null. */
  public String rawOutput() {
    return rawOutput;
  }
}
