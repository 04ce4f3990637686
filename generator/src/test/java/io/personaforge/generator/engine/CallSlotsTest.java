package io.personaforge.generator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Slots on a fake clock: what an attempt holds, and what the activity figures are made of. */
class CallSlotsTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final AdaptiveLimiter limiter = new AdaptiveLimiter(2, 10_000_000_000L, now::get);
  private final CallSlots slots = new CallSlots(new RateBudget(0), limiter, now::get);

  @Test
  void aSettledCallIsTimedAndFreesItsSlot() throws Exception {
    CallSlots.Slot a = slots.acquire();
    CallSlots.Slot b = slots.acquire();
    assertEquals(2, limiter.inFlight(), "both slots of the limit are held");
    now.set(1_100);
    a.send();
    now.set(1_150);
    b.send();
    now.set(1_350);
    assertEquals(250, a.settle(true, false));
    now.set(1_400);
    assertEquals(250, b.settle(true, false));
    assertEquals(0, limiter.inFlight());
    assertEquals(500, slots.busyNanos(), "the durations summed");
    assertEquals(1_100, slots.firstCallNanos());
    assertEquals(1_400, slots.lastAnswerNanos());
    assertEquals(0, slots.overloads());
  }

  @Test
  void anOverloadIsCountedAndReachesTheLimiter() throws Exception {
    for (int i = 0; i < 2; i++) {
      CallSlots.Slot s = slots.acquire();
      s.send();
      now.addAndGet(10);
      s.settle(false, true);
    }
    assertEquals(2, slots.overloads());
    assertEquals(2, limiter.capRejections() + limiter.isolatedRejections(), "the limiter heard");
  }

  @Test
  void aCancelledSlotIsFreedWithoutACall() throws Exception {
    CallSlots.Slot s = slots.acquire();
    s.cancel();
    assertEquals(0, limiter.inFlight());
    assertEquals(0, slots.busyNanos());
    assertEquals(Long.MAX_VALUE, slots.firstCallNanos(), "no call went out");
    assertEquals(2, limiter.limit(), "a cancel says nothing about the server");
  }
}
