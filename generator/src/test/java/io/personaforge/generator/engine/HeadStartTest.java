package io.personaforge.generator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.ModelCalls;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The head start with fake calls that the test answers. */
@Timeout(60)
class HeadStartTest {
  private final BlockingQueue<String> asked = new LinkedBlockingQueue<>();
  private final Map<String, CompletableFuture<String>> calls = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  private HeadStart<String> headStart(int limit) {
    return new HeadStart<>(
        p -> {
          CompletableFuture<String> f = new CompletableFuture<>();
          calls.put(p.key(), f);
          asked.add(p.key());
          return f;
        },
        () -> limit,
        () -> stopped);
  }

  private static Iterator<Integer> drafts(int n) {
    return IntStream.range(0, n).iterator();
  }

  private static ModelCalls.Prepared prepare(int i) {
    return new ModelCalls.Prepared("k" + i, "prompt " + i, null);
  }

  private String next() throws InterruptedException {
    String key = asked.poll(10, TimeUnit.SECONDS);
    assertTrue(key != null, "nothing asked within 10 s");
    return key;
  }

  /** Nothing more is asked (a wait that can only let a fault through, never invent one). */
  private void nothingMore() throws InterruptedException {
    assertNull(asked.poll(200, TimeUnit.MILLISECONDS), "asked after it should have stopped");
  }

  @Test
  void asksInOrderWithinTheLimitAndNoMoreThanItsMaximum() throws Exception {
    HeadStart<String> head = headStart(2);
    head.start(drafts(10), HeadStartTest::prepare, 5);
    assertEquals(List.of("k0", "k1"), List.of(next(), next()));
    nothingMore(); // two of its own in flight: the limit
    calls.get("k0").complete("a0");
    assertEquals("k2", next());
    calls.get("k1").complete("a1");
    calls.get("k2").complete("a2");
    assertEquals(List.of("k3", "k4"), List.of(next(), next()));
    calls.get("k3").complete("a3");
    calls.get("k4").complete("a4");
    nothingMore(); // its maximum
  }

  @Test
  void thePipelineTakesEachCallOnceAsItsOwn() throws Exception {
    HeadStart<String> head = headStart(4);
    head.start(drafts(2), HeadStartTest::prepare, 2);
    next();
    next();
    CompletableFuture<String> k0 = head.take("k0").orElseThrow();
    assertSame(calls.get("k0"), k0, "the very call, answered or not");
    assertTrue(head.take("k0").isEmpty(), "handed over once");
    assertTrue(head.take("k9").isEmpty(), "never asked");
  }

  @Test
  void aCallAnsweredAtOnceIsLeftToThePipeline() throws Exception {
    HeadStart<String> head =
        new HeadStart<>(
            p -> {
              asked.add(p.key());
              return CompletableFuture.completedFuture(null); // journaled by an earlier run
            },
            () -> 1,
            () -> false);
    head.start(drafts(3), HeadStartTest::prepare, 3);
    assertEquals(List.of("k0", "k1", "k2"), List.of(next(), next(), next()));
    assertTrue(head.take("k1").isEmpty(), "the pipeline replays it itself");
  }

  @Test
  void stopsAtThePipelinesFirstRequest() throws Exception {
    HeadStart<String> head = headStart(1);
    head.start(drafts(100), HeadStartTest::prepare, 100);
    assertEquals("k0", next());
    head.pipelineAsks();
    calls.get("k0").complete("a0");
    nothingMore();
  }

  @Test
  void stopsWhenTheRunMustStop() throws Exception {
    HeadStart<String> head = headStart(1);
    head.start(drafts(100), HeadStartTest::prepare, 100);
    assertEquals("k0", next());
    stopped = true;
    calls.get("k0").complete("a0");
    nothingMore();
  }

  @Test
  void aDraftThatCannotBePreparedEndsItQuietly() throws Exception {
    HeadStart<String> head = headStart(4);
    head.start(
        drafts(5),
        i -> {
          if (i == 2) {
            throw new IllegalArgumentException("bad draft");
          }
          return prepare(i);
        },
        5);
    assertEquals(List.of("k0", "k1"), List.of(next(), next()));
    nothingMore();
  }
}
