package io.personaforge.generator.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The reset times servers send in {@code x-ratelimit-reset-requests}, as the engine reads them. */
class RateLimitHeadersTest {
  @Test
  void openAiStyleResetDurationsAreRead() {
    assertEquals(Duration.ofSeconds(1), JdkStatusHttpClient.resetDuration("1s"));
    assertEquals(Duration.ofMinutes(6), JdkStatusHttpClient.resetDuration("6m0s"));
    assertEquals(Duration.ofMillis(250), JdkStatusHttpClient.resetDuration("250ms"));
    assertEquals(Duration.ofMillis(3_723_500), JdkStatusHttpClient.resetDuration("1h2m3.5s"));
    assertNull(JdkStatusHttpClient.resetDuration("soon"));
  }
}
