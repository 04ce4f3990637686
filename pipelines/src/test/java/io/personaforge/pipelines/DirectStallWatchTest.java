package io.personaforge.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.jupiter.api.Test;

/**
 * The watch tells a Direct pipeline whose workers run no bundle from one that is busy, including a
 * bundle that waits (as one waiting for an LLM does); it watches only the pipeline started after
 * it.
 */
class DirectStallWatchTest {
  private static final Duration QUIET = Duration.ofMillis(200);

  // The DoFn runs in the same JVM (Direct runner): it reports in and waits through these.
  static final CountDownLatch STARTED = new CountDownLatch(1);
  static final CountDownLatch RELEASE = new CountDownLatch(1);

  static final class WaitFn extends DoFn<Integer, Integer> {
    @ProcessElement
    public void process(@Element Integer x, OutputReceiver<Integer> out)
        throws InterruptedException {
      STARTED.countDown();
      RELEASE.await(60, TimeUnit.SECONDS);
      out.output(x);
    }
  }

  @Test
  void aPipelineWaitingInsideABundleIsNotStalled() throws Exception {
    AtomicLong clock = new AtomicLong();
    DirectStallWatch watch = new DirectStallWatch(QUIET, clock::get);
    Pipeline p = Pipeline.create(Execution.direct().options());
    p.apply(Create.of(1, 2, 3)).apply(ParDo.of(new WaitFn()));
    PipelineResult result = p.run();
    try {
      assertTrue(STARTED.await(60, TimeUnit.SECONDS), "the bundle started");
      for (int i = 0; i < 20; i++) {
        clock.addAndGet(QUIET.toNanos());
        assertFalse(watch.stalled(), "a bundle is running at " + i);
      }
    } finally {
      RELEASE.countDown();
    }
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
  }

  @Test
  void workersThatRunNoBundleForTheQuietTimeAreStalled() throws Exception {
    AtomicLong clock = new AtomicLong();
    DirectStallWatch watch = new DirectStallWatch(QUIET, clock::get);
    assertFalse(watch.stalled(), "no worker yet: the pipeline has not started");
    clock.addAndGet(QUIET.toNanos() * 5);
    assertFalse(watch.stalled(), "still not started");
    CountDownLatch stop = new CountDownLatch(1);
    // What a stuck driver looks like from outside: a worker thread that runs no bundle.
    Thread worker = spinning(stop);
    try {
      assertFalse(watch.stalled(), "quiet only since the last busy sample");
      clock.addAndGet(QUIET.toNanos() - 1);
      assertFalse(watch.stalled());
      clock.addAndGet(1);
      assertTrue(watch.stalled());
    } finally {
      stop.countDown();
    }
    watch.awaitStopped(10_000);
    assertFalse(worker.isAlive(), "awaitStopped waits for the watched workers to end");
  }

  @Test
  void workersOfAnEarlierPipelineAreNotWatched() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    Thread earlier = spinning(stop);
    try {
      AtomicLong clock = new AtomicLong();
      DirectStallWatch watch = new DirectStallWatch(QUIET, clock::get);
      for (int i = 0; i < 5; i++) {
        clock.addAndGet(QUIET.toNanos());
        assertFalse(watch.stalled(), "only workers started after the watch count");
      }
    } finally {
      stop.countDown();
      earlier.join(10_000);
    }
  }

  /** A watch that calls its pipeline stuck at the first look. */
  private static StallWatch alwaysStuck() {
    return new StallWatch() {
      @Override
      public boolean stalled() {
        return true;
      }

      @Override
      public void awaitStopped(long limitMillis) {}
    };
  }

  /** Runs for a second: longer than the first look at it, so the watch is asked. */
  static final class SecondFn extends DoFn<Integer, Integer> {
    @ProcessElement
    public void process(@Element Integer x, OutputReceiver<Integer> out)
        throws InterruptedException {
      Thread.sleep(1000);
      out.output(x);
    }
  }

  private static Pipeline small() {
    Pipeline p = Pipeline.create(Execution.direct().options());
    p.apply(Create.of(1)).apply(ParDo.of(new SecondFn()));
    return p;
  }

  @Test
  void aStuckRunIsCancelledAndRunAgainAfterItsCleanUp() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    List<Integer> cleanedBefore = new ArrayList<>();
    StallWatch.Finished finished =
        StallWatch.runUntilFinished(
                DirectStallWatchTest::small,
                () -> runs.getAndIncrement() == 0 ? alwaysStuck() : StallWatch.none(),
                3,
                result -> () -> {},
                cleanedBefore::add)
            .orElseThrow();
    assertEquals(2, finished.attempts());
    assertEquals(PipelineResult.State.DONE, finished.result().getState());
    assertEquals(List.of(2), cleanedBefore);
  }

  @Test
  void aPipelineStuckEveryTimeEndsEmptyAfterTheAttempts() throws Exception {
    List<Integer> cleanedBefore = new ArrayList<>();
    assertTrue(
        StallWatch.runUntilFinished(
                DirectStallWatchTest::small,
                DirectStallWatchTest::alwaysStuck,
                3,
                result -> () -> {},
                cleanedBefore::add)
            .isEmpty());
    assertEquals(List.of(2, 3), cleanedBefore);
  }

  private static Thread spinning(CountDownLatch stop) throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    Thread t =
        new Thread(
            () -> {
              running.countDown();
              try {
                stop.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            DirectStallWatch.WORKER_THREAD);
    t.setDaemon(true);
    t.start();
    running.await();
    return t;
  }
}
