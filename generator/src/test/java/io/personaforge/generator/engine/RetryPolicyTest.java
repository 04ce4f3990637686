package io.personaforge.generator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.FailureKind;
import io.personaforge.generator.GenerationException;
import java.time.Duration;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final LongUnaryOperator NO_JITTER = n -> 0;
  private static final LongUnaryOperator FULL_JITTER = n -> n;
  private final RetryPolicy policy = new RetryPolicy(3, 100, 1000);

  private static GenerationException failure(FailureKind kind) {
    return new GenerationException("failed", kind, null, null, null);
  }

  @Test
  void retriesRetriableFailuresUpToMaxRetries() {
    GenerationException busy = failure(FailureKind.RATE_LIMITED);
    assertTrue(policy.retries(busy, 1));
    assertTrue(policy.retries(busy, 3), "the third attempt may be followed by a fourth");
    assertFalse(policy.retries(busy, 4), "three retries were made");
    assertFalse(policy.retries(failure(FailureKind.UNAUTHORIZED), 1), "a refused key stays so");
    assertFalse(new RetryPolicy(0, 100, 1000).retries(busy, 1));
  }

  @Test
  void backOffDoublesWithHalfOfItRandomUpToTheCap() {
    assertEquals(50, policy.delayMillis(1, null, NO_JITTER));
    assertEquals(100, policy.delayMillis(1, null, FULL_JITTER));
    assertEquals(100, policy.delayMillis(2, null, NO_JITTER));
    assertEquals(400, policy.delayMillis(3, null, FULL_JITTER));
    assertEquals(500, policy.delayMillis(5, null, NO_JITTER), "capped at 1000 before jitter");
    assertEquals(1000, policy.delayMillis(60, null, FULL_JITTER), "no overflow on long runs");
    long[] bound = new long[1];
    policy.delayMillis(2, null, n -> bound[0] = n);
    assertEquals(100, bound[0], "the random half is drawn from 0 to half the back-off");
  }

  @Test
  void theServersRetryAfterIsAFloorNotACap() {
    assertEquals(5000, policy.delayMillis(1, Duration.ofSeconds(5), FULL_JITTER));
    assertEquals(100, policy.delayMillis(1, Duration.ofMillis(20), FULL_JITTER));
  }

  @Test
  void rejectsABackOffThatCannotWork() {
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(-1, 100, 1000));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, 100, 10));
  }
}
