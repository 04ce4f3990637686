package io.personaforge.pipelines;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Tells a Direct-runner pipeline that has stopped scheduling work from one that is busy, by looking
 * at what its worker threads run.
 *
 * <p>Why it is needed: Beam's Direct runner (2.70) can strand elements that waited for a side
 * input. Its driver re-offers such elements until it sees work completing; when the side input
 * becomes ready during the very step in which the driver decides that nothing is moving, no step
 * completes after that, and the driver spins on both worker threads forever with the elements still
 * queued (docs/architecture.md, "Runner traps", has the heap evidence). It is rare — 2 of 153 cold
 * runs of a 40-persona round, three at a time on a loaded 2-core machine — but a run caught in it
 * never ends.
 *
 * <p>How: a Direct pipeline's work runs on threads named {@value #WORKER_THREAD}; a bundle being
 * processed shows {@value #BUNDLE_FRAME}{@code .run} on its thread's stack, and a driver with
 * nothing to schedule does not. A pipeline whose workers (those started after this watch was made)
 * have run no bundle at any sample for {@code quiet} is stuck: a healthy batch pipeline that is not
 * done always has a bundle running, including one waiting for an LLM's answer.
 */
public final class DirectStallWatch implements StallWatch {
  /** How long without any bundle running makes a Direct pipeline stuck: far above any pause. */
  public static final Duration DEFAULT_QUIET = Duration.ofSeconds(30);

  /** The name Beam's Direct runner gives its worker threads. */
  static final String WORKER_THREAD = "direct-runner-worker";

  /** The class whose {@code run} is on a worker's stack while it processes a bundle. */
  static final String BUNDLE_FRAME = "org.apache.beam.runners.direct.DirectTransformExecutor";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Set<Long> before;
  private final Duration quiet;
  private final LongSupplier clock;
  private final Set<Long> workers = new HashSet<>();
  private long lastBusy;

  /** A watch for the pipeline about to start, with the {@link #DEFAULT_QUIET} quiet time. */
  public DirectStallWatch() {
    this(DEFAULT_QUIET, System::nanoTime);
  }

  /**
   * @param quiet how long without a bundle running makes the pipeline stuck
   * @param clock nanosecond clock
   */
  public DirectStallWatch(Duration quiet, LongSupplier clock) {
    this.quiet = quiet;
    this.clock = clock;
    // Workers of pipelines that ran before this one (cancelled ones may linger) are not watched.
    this.before = new HashSet<>(workerIds());
    this.lastBusy = clock.getAsLong();
  }

  @Override
  public boolean stalled() {
    long now = clock.getAsLong();
    List<Long> ids = new ArrayList<>(workerIds());
    ids.removeAll(before);
    workers.addAll(ids);
    if (ids.isEmpty() || anyRunsABundle(ids)) {
      // Not started yet, or busy.
      lastBusy = now;
      return false;
    }
    return now - lastBusy >= quiet.toNanos();
  }

  @Override
  public void awaitStopped(long limitMillis) throws InterruptedException {
    long deadline = System.nanoTime() + limitMillis * 1_000_000;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (workers.contains(t.getId())) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          t.join(Math.max(1, left / 1_000_000));
        }
      }
    }
  }

  private static boolean anyRunsABundle(List<Long> ids) {
    long[] array = ids.stream().mapToLong(Long::longValue).toArray();
    for (ThreadInfo info : THREADS.getThreadInfo(array, Integer.MAX_VALUE)) {
      if (info == null) {
        continue; // ended since it was listed
      }
      for (StackTraceElement frame : info.getStackTrace()) {
        if (BUNDLE_FRAME.equals(frame.getClassName())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Live Direct-runner worker threads, by id. */
  private static List<Long> workerIds() {
    List<Long> out = new ArrayList<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds(), 0)) {
      if (info != null && WORKER_THREAD.equals(info.getThreadName())) {
        out.add(info.getThreadId());
      }
    }
    return out;
  }
}
