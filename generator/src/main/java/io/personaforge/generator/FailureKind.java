package io.personaforge.generator;

import java.util.Locale;

/**
 * Why a call failed, decided once at the provider boundary. The engine retries {@link #retriable()}
 * kinds, slows down on {@link #overload()} kinds, and stops the run on {@link #fatal()} kinds,
 * which no retry or other persona can fix.
 */
public enum FailureKind {
  /** HTTP 429. */
  RATE_LIMITED(true, true, false),
  /** HTTP 503: the server is shedding load. */
  OVERLOADED(true, true, false),
  /** Other HTTP 5xx. */
  SERVER_ERROR(true, false, false),
  /** No answer within {@code timeout_seconds} (or HTTP 408). */
  TIMEOUT(true, false, false),
  /** Connection refused, reset or closed mid-answer. */
  CONNECTION(true, false, false),
  /** The model answered, but not with the JSON asked for. */
  UNPARSEABLE(true, false, false),
  /** The model answered with no content. */
  EMPTY(true, false, false),
  /** HTTP 400/422: this request is wrong (too long, say); retrying it cannot help. */
  BAD_REQUEST(false, false, false),
  /** HTTP 401/403: the key is missing, wrong or lacks access. */
  UNAUTHORIZED(false, false, true),
  /** HTTP 404: unknown model or wrong base URL. */
  NOT_FOUND(false, false, true),
  /** Anything else the client threw. Retried: a bug would show up as a rising failure rate. */
  UNEXPECTED(true, false, false);

  private final boolean retriable;
  private final boolean overload;
  private final boolean fatal;

  FailureKind(boolean retriable, boolean overload, boolean fatal) {
    this.retriable = retriable;
    this.overload = overload;
    this.fatal = fatal;
  }

  public boolean retriable() {
    return retriable;
  }

  /** The server asks us to send less: the engine halves its in-flight limit. */
  public boolean overload() {
    return overload;
  }

  /** No call can succeed until the configuration changes: stop the run. */
  public boolean fatal() {
    return fatal;
  }

  /** The snake_case name used in stats and reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
