package io.personaforge.generator.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Where each attempt of a call waits and is measured: it waits for the rate budget and for a slot
 * under the adaptive limit, is timed while it is out, and then tells the limiter how it went (an
 * overload, 429 or 503, is the server pushing back). Keeps what the activity figures are made of:
 * the calls' summed durations, the overloads, the first call and the last answer. Thread-safe.
 */
public final class CallSlots {
  private final RateBudget budget;
  private final AdaptiveLimiter limiter;
  private final LongSupplier clock;
  private final LongAdder busyNanos = new LongAdder();
  private final LongAdder overloads = new LongAdder();
  private final AtomicLong firstCallNanos = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastAnswerNanos = new AtomicLong(Long.MIN_VALUE);

  /**
   * @param clock nanosecond clock (a fake in tests)
   */
  public CallSlots(RateBudget budget, AdaptiveLimiter limiter, LongSupplier clock) {
    this.budget = budget;
    this.limiter = limiter;
    this.clock = clock;
  }

  /** Waits for this call's turn in the budget, then for a slot under the limit. */
  public Slot acquire() throws InterruptedException {
    budget.acquire();
    return new Slot(limiter.acquire());
  }

  /** A slot held by one attempt: {@link #cancel} it, or {@link #send} and then {@link #settle}. */
  public final class Slot {
    private final int level;
    private long sent;

    private Slot(int level) {
      this.level = level;
    }

    /** The call goes out now. */
    public void send() {
      sent = clock.getAsLong();
      firstCallNanos.accumulateAndGet(sent, Math::min);
    }

    /**
     * The call came back: the slot is freed and the limiter learns how it went.
     *
     * @param success the call was answered (whether the answer parses is not the server's doing)
     * @param overload the server pushed back (429 or 503)
     * @return how long the call was out, in nanoseconds
     */
    public long settle(boolean success, boolean overload) {
      long answered = clock.getAsLong();
      long took = answered - sent;
      busyNanos.add(took);
      lastAnswerNanos.accumulateAndGet(answered, Math::max);
      if (overload) {
        overloads.increment();
      }
      limiter.release(level, success, overload);
      return took;
    }

    /** The call is not made after all (the run stopped while it waited): the slot is freed. */
    public void cancel() {
      limiter.release(level, false, false);
    }
  }

  /** The calls' durations summed: request-nanoseconds the server worked for us. */
  public long busyNanos() {
    return busyNanos.sum();
  }

  /** Calls answered 429 or 503. */
  public long overloads() {
    return overloads.sum();
  }

  /** When the first call went out ({@link Long#MAX_VALUE} before any). */
  public long firstCallNanos() {
    return firstCallNanos.get();
  }

  /** When the last answer came ({@link Long#MIN_VALUE} before any). */
  public long lastAnswerNanos() {
    return lastAnswerNanos.get();
  }
}
