package io.personaforge.generator.llm;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;

/**
 * A non-2xx answer, with what langchain4j's own exception drops: the server's Retry-After. The
 * message holds the status and a short, key-redacted excerpt of the body.
 */
final class StatusException extends HttpException {
  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;
  private final String bodyExcerpt;

  StatusException(int status, Duration retryAfter, String bodyExcerpt) {
    super(status, "HTTP " + status + (bodyExcerpt.isEmpty() ? "" : ": " + bodyExcerpt));
    this.retryAfter = retryAfter;
    this.bodyExcerpt = bodyExcerpt;
  }

  Duration retryAfter() {
    return retryAfter;
  }

  String bodyExcerpt() {
    return bodyExcerpt;
  }
}
