package io.personaforge.generator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The limiter against a scripted server on a fake clock: a discrete-event simulation of a client
 * that always has more work than slots, sending through the limiter to a server with a latency of
 * 2.5 s ± 0.5 s that answers 429 + Retry-After: 1 when over its cap (or at random).
 */
class AdaptiveLimiterTest {
  private static final long MS = 1_000_000L;
  private static final long SECOND = 1000 * MS;

  /** What the simulated run did. */
  record Result(long successes, long rejections, double seconds, double medianInFlight, int limit) {
    double rejectedShare() {
      return (double) rejections / (successes + rejections);
    }

    double successRate() {
      return successes / seconds;
    }
  }

  private record Event(long at, int level, boolean success, boolean counted) {}

  /**
   * @param clientMax the configured concurrency
   * @param cap the server's in-flight cap (0: none)
   * @param randomRejectShare share of calls answered 429 whatever the load
   * @param calls successful calls to complete
   */
  static Result simulate(int clientMax, int cap, double randomRejectShare, int calls, long seed)
      throws InterruptedException {
    long[] now = {0};
    AdaptiveLimiter limiter =
        new AdaptiveLimiter(clientMax, AdaptiveLimiter.DEFAULT_RECENT_NANOS, () -> now[0]);
    Random random = new Random(seed);
    PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
    PriorityQueue<Long> delayed = new PriorityQueue<>(); // retries waiting out Retry-After
    long successes = 0;
    long rejections = 0;
    int serverInFlight = 0;
    List<long[]> inFlightOverTime = new ArrayList<>(); // {duration, inFlight}
    long lastSample = 0;
    while (successes < calls) {
      // Send while there are free slots: fresh work is unlimited, retries wait for their time.
      while (true) {
        while (!delayed.isEmpty() && delayed.peek() <= now[0]) {
          delayed.poll(); // a retry is due: it competes for a slot like any call
        }
        if (limiter.inFlight() >= limiter.limit()) {
          break;
        }
        int level = limiter.acquire(); // a free slot: returns at once
        boolean over = cap > 0 && serverInFlight >= cap;
        boolean randomReject = !over && random.nextDouble() < randomRejectShare;
        if (over || randomReject) {
          events.add(new Event(now[0] + 2 * MS, level, false, false));
        } else {
          serverInFlight++;
          long latency = 2000 * MS + (long) (random.nextDouble() * 1000 * MS);
          events.add(new Event(now[0] + latency, level, true, true));
        }
      }
      Event e = events.poll();
      inFlightOverTime.add(new long[] {e.at() - lastSample, limiter.inFlight()});
      lastSample = e.at();
      now[0] = e.at();
      if (e.counted()) {
        serverInFlight--;
      }
      if (e.success()) {
        successes++;
        limiter.release(e.level(), true, false);
      } else {
        rejections++;
        limiter.release(e.level(), false, true);
        delayed.add(now[0] + SECOND);
      }
    }
    inFlightOverTime.sort((a, b) -> Long.compare(a[1], b[1]));
    long half = now[0] / 2;
    long acc = 0;
    double median = 0;
    for (long[] s : inFlightOverTime) {
      acc += s[0];
      if (acc >= half) {
        median = s[1];
        break;
      }
    }
    return new Result(successes, rejections, now[0] / 1e9, median, limiter.limit());
  }

  @Test
  void underAHardCapItSettlesAtTheCapWithFewRejections() throws Exception {
    // Cap 8, client concurrency 32, 2.5 s ± 0.5 s: the ideal is 8 ÷ 2.5 s = 3.2 answers/s.
    Result r = simulate(32, 8, 0, 5000, 1);
    System.out.println(
        "hard cap 8, C=32: " + r + " share " + r.rejectedShare() + " rate " + r.successRate());
    assertTrue(r.rejectedShare() <= 0.05, "429 share " + r.rejectedShare());
    assertTrue(r.successRate() >= 0.85 * 8 / 2.5, "answers/s " + r.successRate());
    assertTrue(r.limit() >= 7 && r.limit() <= 9, "limit " + r.limit());
  }

  @Test
  void randomRejectionsDelayTheirCallsWithoutThrottlingTheRun() throws Exception {
    // 10% of calls answered 429 whatever the load: the limit must stay near the configured 32.
    Result r = simulate(32, 0, 0.10, 5000, 2);
    System.out.println("random 10%, C=32: " + r);
    assertTrue(r.medianInFlight() >= 0.75 * 32, "median in flight " + r.medianInFlight());
  }

  @Test
  void withNoPushbackEverySlotIsUsed() throws Exception {
    Result r = simulate(64, 0, 0, 3000, 3);
    assertEquals(0, r.rejections());
    assertEquals(64, r.medianInFlight());
  }

  @Test
  void aCapThatRisesIsFoundAgainByProbing() throws Exception {
    long[] now = {0};
    AdaptiveLimiter l = new AdaptiveLimiter(16, AdaptiveLimiter.DEFAULT_RECENT_NANOS, () -> now[0]);
    // 5 calls in flight; the 5th is rejected with nothing above level 4 succeeding. Once is
    // chance; its slot rejected again is a cap of 4.
    int[] levels = new int[5];
    for (int i = 0; i < 5; i++) {
      levels[i] = l.acquire();
    }
    l.release(levels[4], false, true);
    assertEquals(16, l.limit());
    l.release(l.acquire(), false, true);
    assertEquals(4, l.limit());
    // Successes at the limit raise it by one per round of answers.
    for (int round = 0; round < 3; round++) {
      int limit = l.limit();
      for (int i = 0; i < limit; i++) {
        now[0] += SECOND;
        l.release(l.inFlight() > 0 ? 1 : l.acquire(), true, false);
        if (l.inFlight() < l.limit()) {
          l.acquire();
        }
      }
    }
    assertTrue(l.limit() >= 6, "limit " + l.limit());
    assertThrows(IllegalArgumentException.class, () -> new AdaptiveLimiter(0));
  }
}
