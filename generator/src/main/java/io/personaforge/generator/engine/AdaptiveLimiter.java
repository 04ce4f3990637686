package io.personaforge.generator.engine;

import java.util.function.LongSupplier;

/**
 * Caps calls in flight at a limit that finds the server's own limit and holds it. Each call is sent
 * at a <em>level</em>: the number of calls in flight, itself included, when it was sent.
 *
 * <ul>
 *   <li>A rejection (429/503) at level L when, lately, calls sent at level L or above were mostly
 *       rejected is evidence of a cap: the server takes fewer than L at once. The limit drops to L
 *       − 1, at once (not by halves: halving a limit of 9 under a cap of 8 would waste half the
 *       server).
 *   <li>A rejection at levels where calls mostly succeed lately is <em>isolated</em> (a shared
 *       quota, a blip): that call waits out its Retry-After and is sent again; the limit stays, so
 *       random 429s do not throttle the whole run.
 *   <li>After {@code probeAfter} successes in a row the limit grows by one, up to the configured
 *       maximum: {@code probeAfter} starts at the limit (one more per round of answers, like TCP's
 *       additive increase) and doubles each time a probe is answered by a rejection soon after, so
 *       under a hard cap the probes (each costs one 429) grow rare.
 * </ul>
 *
 * <p>Why not a latency-based limiter (Vegas, Gradient — Netflix's concurrency-limits): a server
 * that enforces a concurrency cap answers the excess at once with 429, so latency never rises to
 * warn them; and the AIMD there cuts the limit on every rejection, random ones included.
 * Thread-safe.
 */
public final class AdaptiveLimiter {
  /**
   * How fast what happened at a level is forgotten (an outcome weighs 1/e after this long): a few
   * answers' time, so a cap is inferred from what the server does now, not from before it changed.
   */
  public static final long DEFAULT_RECENT_NANOS = 10_000_000_000L;

  /** Rejections (decayed) at or above a level before they can say the server is capped there. */
  public static final double DEFAULT_MIN_CAP_EVIDENCE = 1.5;

  /** Successes before a probe, at most this many times the limit: probing never stops. */
  public static final int DEFAULT_MAX_PROBE_FACTOR = 64;

  private final int max;
  private final long recentNanos;
  private final LongSupplier clock;
  private final double[] ok;
  private final double[] rejected;
  private final long[] updated;
  private int limit;
  private int inFlight;
  private int successRun;
  private long probeAfter;
  private long lastIncrease = Long.MIN_VALUE;
  private long capRejections;
  private long isolatedRejections;

  public AdaptiveLimiter(int max) {
    this(max, DEFAULT_RECENT_NANOS, System::nanoTime);
  }

  /**
   * @param max the configured concurrency, the limit's ceiling (at least 1)
   * @param recentNanos how long a success at a level counts as recent
   * @param clock nanosecond clock (a fake in tests)
   */
  public AdaptiveLimiter(int max, long recentNanos, LongSupplier clock) {
    if (max < 1) {
      throw new IllegalArgumentException("max is " + max + "; it must be at least 1");
    }
    this.max = max;
    this.limit = max;
    this.recentNanos = recentNanos;
    this.clock = clock;
    this.ok = new double[max + 2];
    this.rejected = new double[max + 2];
    this.updated = new long[max + 2];
  }

  /** Waits for a free slot under the current limit; returns the level the call is sent at. */
  public synchronized int acquire() throws InterruptedException {
    while (inFlight >= limit) {
      wait();
    }
    inFlight++;
    return inFlight;
  }

  /**
   * Frees a slot taken at {@code level}: {@code overload} when the server pushed back (429/503),
   * {@code success} on an answer; neither for other failures (they say nothing of capacity).
   */
  public synchronized void release(int level, boolean success, boolean overload) {
    inFlight--;
    long now = clock.getAsLong();
    int at = Math.max(1, Math.min(level, ok.length - 1));
    if (overload) {
      successRun = 0;
      record(at, now, false);
      if (mostlySucceedLately(at, now)) {
        isolatedRejections++;
      } else {
        capRejections++;
        int capped = Math.max(1, at - 1);
        if (capped < limit) {
          if (lastIncrease != Long.MIN_VALUE && now - lastIncrease < recentNanos) {
            // The last probe found the cap: wait longer before the next one.
            probeAfter =
                Math.min(Math.max(probeAfter, limit) * 2L, (long) DEFAULT_MAX_PROBE_FACTOR * max);
          }
          limit = capped;
        }
      }
    } else if (success) {
      record(at, now, true);
      if (limit < max && ++successRun >= Math.max(limit, probeAfter)) {
        limit++;
        successRun = 0;
        lastIncrease = now;
      }
    }
    notifyAll();
  }

  /** Adds one outcome at a level, older ones fading with {@link #recentNanos}. */
  private void record(int level, long now, boolean success) {
    decay(level, now);
    if (success) {
      ok[level] += 1;
    } else {
      rejected[level] += 1;
    }
  }

  private void decay(int level, long now) {
    if (ok[level] > 0 || rejected[level] > 0) {
      double f = Math.exp(-(double) Math.max(0, now - updated[level]) / recentNanos);
      ok[level] *= f;
      rejected[level] *= f;
    }
    updated[level] = now;
  }

  /**
   * Whether calls sent at {@code level} or above mostly succeeded lately (this one included), or
   * too few were rejected to tell: one rejection at a level not yet tried is as likely chance as a
   * cap, and under a cap the slot it frees is rejected again at once.
   */
  private boolean mostlySucceedLately(int level, long now) {
    double good = 0;
    double bad = 0;
    for (int l = level; l < ok.length; l++) {
      decay(l, now);
      good += ok[l];
      bad += rejected[l];
    }
    return good > bad || bad < DEFAULT_MIN_CAP_EVIDENCE;
  }

  public synchronized int limit() {
    return limit;
  }

  public synchronized int inFlight() {
    return inFlight;
  }

  /** Rejections read as a cap (the limit dropped, or stayed below them). */
  public synchronized long capRejections() {
    return capRejections;
  }

  /** Rejections read as isolated (the call waited; the limit stayed). */
  public synchronized long isolatedRejections() {
    return isolatedRejections;
  }
}
