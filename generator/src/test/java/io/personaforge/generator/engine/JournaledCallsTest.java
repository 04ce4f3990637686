package io.personaforge.generator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.FailureKind;
import io.personaforge.generator.GenerationException;
import io.personaforge.generator.ModelCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The journal and the shared calls around a runner of fake calls on a fake clock. */
@Timeout(60)
class JournaledCallsTest {
  private static final RetryingCalls.Parser<String> TEXT = ModelCalls.Reply::text;

  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger sent = new AtomicInteger();
  private RetryingCalls runner;
  private JournaledCalls calls;

  @BeforeEach
  void open() {
    runner =
        new RetryingCalls(
            2,
            new CallSlots(new RateBudget(0), new AdaptiveLimiter(2), now::get),
            new RetryPolicy(1, 1, 2),
            new FailureWindow());
    calls = new JournaledCalls(ResponseJournal.open(dir, false), runner);
  }

  @AfterEach
  void close() {
    runner.close();
    calls.close();
  }

  /** A call answering {@code text} after 7 ms on the slots' clock, counted in {@link #sent}. */
  private RetryingCalls.Attempt answering(String text) {
    return attempt -> {
      sent.incrementAndGet();
      now.addAndGet(7_000_000);
      return new ModelCalls.Reply(text, 11, 22);
    };
  }

  private ResponseJournal.Entry journaled(String key) {
    try (ResponseJournal j = ResponseJournal.open(dir, false)) {
      return j.get(key).orElseThrow(() -> new AssertionError("not on disk: " + key));
    }
  }

  @Test
  void aJournaledAnswerIsReplayedWithoutACall() {
    try (ResponseJournal earlier = ResponseJournal.open(dir, false)) {
      earlier.append("k", new ResponseJournal.Entry("from before", 3, 4, 42));
    }
    runner.close();
    calls.close();
    open(); // as a resumed run: the journal is read when it opens
    assertTrue(calls.answered("k"));
    Called<String> c = calls.call("k", answering("new"), TEXT).join();
    assertEquals(new Called<>("from before", null, 0, true, 42, 3, 4), c);
    assertEquals(0, sent.get(), "not paid for again");
  }

  @Test
  void aNewAnswerIsOnDiskWhenItsCallCompletes() {
    assertFalse(calls.answered("k"));
    Called<String> c = calls.call("k", answering("fresh"), TEXT).join();
    assertEquals(new Called<>("fresh", null, 1, false, 7, 11, 22), c);
    assertEquals(new ResponseJournal.Entry("fresh", 11, 22, 7), journaled("k"));
    assertTrue(calls.answered("k"));
    assertEquals(c.value(), calls.call("k", answering("other"), TEXT).join().value());
    assertEquals(1, sent.get(), "asked again, it is answered from the journal");
  }

  @Test
  void aJournaledAnswerThatNoLongerParsesIsAskedAgain() {
    // Journaled by a parser that accepted it.
    calls.call("k", answering("old format"), TEXT).join();
    RetryingCalls.Parser<String> strict =
        reply -> {
          if (reply.text().startsWith("old")) {
            throw new GenerationException("old", FailureKind.UNPARSEABLE, null, null, null);
          }
          return reply.text();
        };
    sent.set(0);
    Called<String> c = calls.call("k", answering("new format"), strict).join();
    assertEquals("new format", c.value());
    assertFalse(c.cacheHit());
    assertEquals(1, sent.get());
    assertEquals("new format", journaled("k").text(), "the newer answer wins on resume");
  }

  @Test
  void theSameKeyAskedTwiceAtOnceIsOneCall() throws Exception {
    HeldCall slow = HeldCall.answering(new ModelCalls.Reply("shared", 5, 6));
    CompletableFuture<Called<String>> first = calls.call("k", slow, TEXT);
    CompletableFuture<Called<String>> second = calls.call("k", slow, TEXT);
    slow.answer();
    assertEquals("shared", first.join().value());
    assertEquals(1, first.join().attempts());
    assertFalse(first.join().cacheHit(), "the first asker paid for it");
    Called<String> s = second.join();
    assertEquals("shared", s.value());
    assertEquals(0, s.attempts());
    assertTrue(s.cacheHit(), "the second shares the first's answer");
    assertEquals(5, s.promptTokens());
    assertEquals(1, slow.sent());
  }

  @Test
  void aFailureIsSharedAsItIsAndNotJournaled() throws Exception {
    HeldCall refused =
        HeldCall.failing(
            new GenerationException("too long", FailureKind.BAD_REQUEST, null, null, null));
    CompletableFuture<Called<String>> first = calls.call("k", refused, TEXT);
    CompletableFuture<Called<String>> second = calls.call("k", refused, TEXT);
    refused.answer();
    assertEquals("too long", first.join().reason());
    assertSame(first.join(), second.join());
    assertEquals(1, refused.sent());
    assertFalse(calls.answered("k"), "a failed call leaves nothing to replay");
  }

  @Test
  void anAnswerThatCannotBeJournaledStopsTheRun() {
    calls.close(); // the journal refuses appends from now on
    CompletableFuture<Called<String>> c = calls.call("k", answering("lost"), TEXT);
    Throwable e = assertThrows(CompletionException.class, c::join).getCause();
    assertInstanceOf(GenerationException.class, e);
    assertEquals("cannot journal LLM answers: the LLM journal is closed", e.getMessage());
    assertSame(e, runner.fatalError());
  }

  @Test
  void stopIssuingWaitsForTheAnswersOutToBeOnDisk() throws Exception {
    HeldCall held = HeldCall.answering(new ModelCalls.Reply("paid", 1, 2));
    CompletableFuture<Called<String>> c = calls.call("k", held, TEXT);
    held.awaitOut();
    held.answerWhenStopping(runner);
    assertEquals(0, calls.stopIssuing(Duration.ofSeconds(30)));
    // What a resumed run reads: the answer paid for before the interruption.
    assertEquals("paid", journaled("k").text());
    assertEquals("paid", c.join().value());
  }
}
