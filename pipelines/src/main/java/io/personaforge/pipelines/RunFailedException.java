package io.personaforge.pipelines;

/**
 * A run that could not complete for a reason the user can act on (an unusable LLM endpoint, a run
 * stopped for persistent failures). The command line prints the message alone and exits with 1.
 * Messages never contain secrets.
 */
public final class RunFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RunFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
