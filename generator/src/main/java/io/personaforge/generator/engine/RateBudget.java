package io.personaforge.generator.engine;

import java.util.concurrent.TimeUnit;

/**
 * Spaces calls evenly to stay within a requests-per-minute budget (no bursts: a server's own
 * limiter usually refills continuously too). A budget of 0 is unlimited. Thread-safe.
 */
public final class RateBudget {
  private final long intervalNanos;
  private long next = System.nanoTime();

  public RateBudget(int requestsPerMinute) {
    if (requestsPerMinute < 0) {
      throw new IllegalArgumentException(
          "requestsPerMinute is " + requestsPerMinute + "; it must be 0 (unlimited) or more");
    }
    this.intervalNanos =
        requestsPerMinute == 0 ? 0 : TimeUnit.MINUTES.toNanos(1) / requestsPerMinute;
  }

  /** Waits for this call's slot. */
  public void acquire() throws InterruptedException {
    if (intervalNanos == 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      long slot = Math.max(now, next);
      next = slot + intervalNanos;
      wait = slot - now;
    }
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
