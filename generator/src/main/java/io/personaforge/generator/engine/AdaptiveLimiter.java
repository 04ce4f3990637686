package io.personaforge.generator.engine;

/**
 * Caps calls in flight with a limit that adapts like TCP congestion control (AIMD): halved when the
 * server signals overload (429/503), at most once per {@link #DEFAULT_DECREASE_COOLDOWN_NANOS} so
 * one burst of rejections counts once; raised by one after a run of successes as long as the
 * current limit. Never above the configured maximum, never below 1. Thread-safe.
 */
public final class AdaptiveLimiter {
  /** Calls already in flight when the first 429 arrives return 429 too: count a burst once. */
  public static final long DEFAULT_DECREASE_COOLDOWN_NANOS = 1_000_000_000L;

  private final int max;
  private final long cooldownNanos;
  private int limit;
  private int inFlight;
  private int peak;
  private int successRun;
  private long lastDecrease = Long.MIN_VALUE;

  public AdaptiveLimiter(int max) {
    this(max, DEFAULT_DECREASE_COOLDOWN_NANOS);
  }

  AdaptiveLimiter(int max, long cooldownNanos) {
    if (max < 1) {
      throw new IllegalArgumentException("max is " + max + "; it must be at least 1");
    }
    this.max = max;
    this.limit = max;
    this.cooldownNanos = cooldownNanos;
  }

  /** Waits for a free slot under the current limit. */
  public synchronized void acquire() throws InterruptedException {
    while (inFlight >= limit) {
      wait();
    }
    inFlight++;
    peak = Math.max(peak, inFlight);
  }

  /** Frees a slot; {@code overload} when the server pushed back, {@code success} on an answer. */
  public synchronized void release(boolean success, boolean overload) {
    inFlight--;
    if (overload) {
      successRun = 0;
      long now = System.nanoTime();
      if (lastDecrease == Long.MIN_VALUE || now - lastDecrease >= cooldownNanos) {
        limit = Math.max(1, limit / 2);
        lastDecrease = now;
      }
    } else if (success && limit < max && ++successRun >= limit) {
      limit++;
      successRun = 0;
    }
    notifyAll();
  }

  public synchronized int limit() {
    return limit;
  }

  public synchronized int inFlight() {
    return inFlight;
  }

  public synchronized int peak() {
    return peak;
  }
}
