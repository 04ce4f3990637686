package io.personaforge.generator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.FailureKind;
import io.personaforge.generator.GenerationException;
import io.personaforge.generator.ModelCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The retry loop with fake calls on a fake clock: no server, no journal. */
@Timeout(60)
class RetryingCallsTest {
  private static final ModelCalls.Reply OK = new ModelCalls.Reply("ok", 3, 4);
  private static final RetryingCalls.Parser<String> TEXT = ModelCalls.Reply::text;
  private static final RetryingCalls.Keep KEPT =
      (reply, millis) -> CompletableFuture.completedFuture(null);

  private final AtomicLong now = new AtomicLong();
  private final List<RetryingCalls> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(RetryingCalls::close);
  }

  private RetryingCalls runner(int concurrency, int maxRetries, FailureWindow window) {
    AdaptiveLimiter limiter = new AdaptiveLimiter(concurrency);
    CallSlots slots = new CallSlots(new RateBudget(0), limiter, now::get);
    RetryingCalls r =
        new RetryingCalls(concurrency, slots, new RetryPolicy(maxRetries, 1, 2), window);
    opened.add(r);
    return r;
  }

  private RetryingCalls runner(int maxRetries) {
    return runner(2, maxRetries, new FailureWindow());
  }

  private static GenerationException failure(FailureKind kind) {
    return new GenerationException("failed: " + kind.label(), kind, "raw", null, null);
  }

  /** A call answered at once, counted in {@code sent}. */
  private static RetryingCalls.Attempt counting(AtomicInteger sent) {
    return attempt -> {
      sent.incrementAndGet();
      return OK;
    };
  }

  private static <T> Throwable failureOf(CompletableFuture<T> f) {
    return assertThrows(CompletionException.class, f::join).getCause();
  }

  @Test
  void anAnswerIsKeptBeforeItsCallCompletes() {
    RetryingCalls runner = runner(0);
    CompletableFuture<Void> disk = new CompletableFuture<>();
    CompletableFuture<Long> keptMillis = new CompletableFuture<>();
    CompletableFuture<Called<String>> call =
        runner.call(
            attempt -> {
              now.addAndGet(42_000_000); // the call is out for 42 ms on the slots' clock
              return OK;
            },
            TEXT,
            (reply, millis) -> {
              keptMillis.complete(millis);
              return disk;
            });
    assertEquals(42, keptMillis.join());
    assertFalse(call.isDone(), "not answered before the answer is kept");
    disk.complete(null);
    Called<String> c = call.join();
    assertEquals(new Called<>("ok", null, 1, false, 42, 3, 4), c);
  }

  @Test
  void retriableFailuresAreRetriedWithTheNextAttemptAndCountedByCause() {
    RetryingCalls runner = runner(3);
    List<Integer> sent = new ArrayList<>();
    Called<String> c =
        runner
            .call(
                attempt -> {
                  sent.add(attempt);
                  if (attempt == 1) {
                    throw failure(FailureKind.SERVER_ERROR);
                  }
                  return attempt == 2 ? new ModelCalls.Reply("not json", 1, 1) : OK;
                },
                reply -> {
                  if (!reply.text().equals("ok")) {
                    throw failure(FailureKind.UNPARSEABLE);
                  }
                  return reply.text();
                },
                KEPT)
            .join();
    assertEquals(List.of(1, 2, 3), sent, "each attempt knows its number");
    assertEquals("ok", c.value());
    assertEquals(3, c.attempts());
    Map<FailureKind, Long> retries = runner.retriesByCause();
    assertEquals(1, retries.get(FailureKind.SERVER_ERROR));
    assertEquals(1, retries.get(FailureKind.UNPARSEABLE), "an answer that does not parse");
    assertEquals(0, retries.get(FailureKind.TIMEOUT));
  }

  @Test
  void theNextAttemptWaitsForTheServersRetryAfter() {
    RetryingCalls runner = runner(1);
    List<Long> sentAt = new ArrayList<>();
    runner
        .call(
            attempt -> {
              sentAt.add(System.nanoTime());
              if (attempt == 1) {
                throw new GenerationException(
                    "slow down", FailureKind.RATE_LIMITED, null, Duration.ofMillis(300), null);
              }
              return OK;
            },
            TEXT,
            KEPT)
        .join();
    // The back-off alone is 1-2 ms: only Retry-After explains the wait.
    long waited = TimeUnit.NANOSECONDS.toMillis(sentAt.get(1) - sentAt.get(0));
    assertTrue(waited >= 300, "waited " + waited + " ms");
  }

  @Test
  void exhaustedRetriesFailTheCallNotTheRun() {
    RetryingCalls runner = runner(1);
    AtomicInteger sent = new AtomicInteger();
    Called<String> c =
        runner
            .call(
                attempt -> {
                  sent.incrementAndGet();
                  throw failure(FailureKind.TIMEOUT);
                },
                TEXT,
                KEPT)
            .join();
    assertNull(c.value());
    assertEquals(FailureKind.TIMEOUT, c.failure().kind());
    assertEquals(2, c.attempts());
    assertEquals(2, sent.get());
    assertEquals("failed: timeout (after 2 attempts)", c.reason());
    assertNull(runner.stopReason());
    Called<String> bad =
        runner
            .call(
                attempt -> {
                  throw failure(FailureKind.BAD_REQUEST);
                },
                TEXT,
                KEPT)
            .join();
    assertEquals(1, bad.attempts(), "a bad request is not retried");
    assertEquals("failed: bad_request", bad.reason());
  }

  @Test
  void aFatalFailureStopsTheRunAndFailsEveryCallPending() throws Exception {
    RetryingCalls runner = runner(0);
    HeldCall held = HeldCall.answering(OK);
    CompletableFuture<Called<String>> waiting = runner.call(held, TEXT, KEPT);
    held.awaitOut();
    GenerationException refused = failure(FailureKind.UNAUTHORIZED);
    CompletableFuture<Called<String>> fatal =
        runner.call(
            attempt -> {
              throw refused;
            },
            TEXT,
            KEPT);
    assertSame(refused, failureOf(fatal));
    assertSame(refused, failureOf(waiting), "a call still out fails with the run");
    assertSame(refused, runner.fatalError());
    assertSame(refused, runner.stopReason());
    AtomicInteger sent = new AtomicInteger();
    CompletableFuture<Called<String>> later = runner.call(counting(sent), TEXT, KEPT);
    assertSame(refused, failureOf(later));
    assertEquals(0, sent.get(), "nothing is sent once the run must stop");
  }

  @Test
  void aRunTurningIntoRejectsStopsWhenTheWindowTrips() {
    RetryingCalls runner = runner(1, 0, new FailureWindow(4, 4, 0.5));
    List<CompletableFuture<Called<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(
          runner.call(
              attempt -> {
                throw failure(FailureKind.SERVER_ERROR);
              },
              TEXT,
              KEPT));
    }
    for (CompletableFuture<Called<String>> c : calls) {
      assertEquals(FailureKind.SERVER_ERROR, c.join().failure().kind(), "each a failed persona");
    }
    // One worker: the fifth runs after the fourth tripped the window.
    Throwable stop = failureOf(runner.call(attempt -> OK, TEXT, KEPT));
    assertSame(runner.fatalError(), stop);
    assertEquals(
        "stopping the run: 4 of the last 4 personas failed after their retries; the last"
            + " failure: failed: server_error",
        stop.getMessage());
    assertEquals(FailureKind.SERVER_ERROR, runner.fatalError().kind());
  }

  @Test
  void anAnswerThatCannotBeKeptStopsTheRun() {
    RetryingCalls runner = runner(0);
    GenerationException diskFull =
        new GenerationException("disk full", FailureKind.UNEXPECTED, null, null, null);
    CompletableFuture<Called<String>> call =
        runner.call(
            attempt -> OK, TEXT, (reply, millis) -> CompletableFuture.failedFuture(diskFull));
    assertSame(diskFull, failureOf(call), "the keep hook's reason, as it gave it");
    assertSame(diskFull, runner.fatalError());

    RetryingCalls other = runner(0);
    CompletableFuture<Called<String>> bug =
        other.call(
            attempt -> OK,
            TEXT,
            (reply, millis) -> CompletableFuture.failedFuture(new IllegalStateException("bug")));
    GenerationException e = assertInstanceOf(GenerationException.class, failureOf(bug));
    assertTrue(e.getMessage().contains("bug"), e.getMessage());
  }

  @Test
  void stopIssuingLetsTheCallsOutFinishAndSendsNoMore() throws Exception {
    RetryingCalls runner = runner(1, 0, new FailureWindow());
    HeldCall held = HeldCall.answering(OK);
    CompletableFuture<Called<String>> first = runner.call(held, TEXT, KEPT);
    AtomicInteger sent = new AtomicInteger();
    CompletableFuture<Called<String>> queued = runner.call(counting(sent), TEXT, KEPT);
    held.awaitOut();
    held.answerWhenStopping(runner);
    assertEquals(0, runner.stopIssuing(Duration.ofSeconds(30)), "the call out was answered");
    assertEquals("ok", first.join().value(), "its answer is kept, not thrown away");
    assertEquals(
        "interrupted: no new LLM calls are made", failureOf(queued).getMessage(), "not sent");
    assertEquals(0, sent.get());
    assertNull(runner.fatalError(), "an interruption is not the run failing");
  }

  @Test
  void stopIssuingGivesUpAfterItsGraceAndCountsTheCallsStillOut() throws Exception {
    RetryingCalls runner = runner(0);
    HeldCall held = HeldCall.answering(OK);
    runner.call(held, TEXT, KEPT);
    held.awaitOut();
    assertEquals(1, runner.stopIssuing(Duration.ofMillis(50)));
  }

  @Test
  void closingFailsWhatIsPendingAndRefusesNewCalls() throws Exception {
    RetryingCalls runner = runner(1, 0, new FailureWindow());
    HeldCall held = HeldCall.answering(OK);
    runner.call(held, TEXT, KEPT);
    held.awaitOut();
    CompletableFuture<Called<String>> queued = runner.call(attempt -> OK, TEXT, KEPT);
    runner.close();
    assertEquals(
        "the generation engine was closed with requests pending", failureOf(queued).getMessage());
    assertEquals(
        "the generation engine is closed",
        failureOf(runner.call(attempt -> OK, TEXT, KEPT)).getMessage());
  }
}
