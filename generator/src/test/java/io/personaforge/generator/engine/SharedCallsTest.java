package io.personaforge.generator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SharedCallsTest {
  private final SharedCalls<String> calls = new SharedCalls<>();

  @Test
  void aSecondAskForAKeyInFlightSharesTheFirstCall() {
    CompletableFuture<String> first = new CompletableFuture<>();
    assertTrue(calls.joinOrStart("k", first).isEmpty(), "the first asker makes the call");
    CompletableFuture<String> second = new CompletableFuture<>();
    assertSame(first, calls.joinOrStart("k", second).orElseThrow());
    assertTrue(calls.joinOrStart("other", new CompletableFuture<>()).isEmpty());
    assertEquals(2, calls.size());
  }

  @Test
  void anAnsweredOrFailedCallIsForgotten() {
    CompletableFuture<String> first = new CompletableFuture<>();
    calls.joinOrStart("k", first);
    first.complete("answer");
    CompletableFuture<String> again = new CompletableFuture<>();
    assertTrue(calls.joinOrStart("k", again).isEmpty(), "asked anew (the journal answers first)");
    again.completeExceptionally(new IllegalStateException("stop"));
    assertEquals(0, calls.size());
  }
}
