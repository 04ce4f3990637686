package io.personaforge.generator.engine;

import io.personaforge.generator.FailureKind;
import io.personaforge.generator.GenerationException;
import io.personaforge.generator.ModelCalls;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes calls with retries: each attempt runs on a worker thread, waits for its {@link CallSlots
 * slot}, is sent, parsed, and either kept (the caller's hook, a journal append) and answered, or
 * tried again after the {@link RetryPolicy}'s back-off, or given up as a failed call. It decides
 * when the run must stop: a fatal failure (a refused key, an unknown model), an answer that could
 * not be kept, or the {@link FailureWindow} tripping; from then on every call not yet answered
 * completes exceptionally with that reason. {@link #stopIssuing} stops it gracefully (nothing new
 * is sent, the calls out are answered and kept). It knows nothing of journals or writers: a call
 * comes in as its attempt, its parser and its keep hook. Thread-safe.
 */
public final class RetryingCalls implements AutoCloseable {
  /** How often {@link #stopIssuing} looks whether the calls out are settled. */
  private static final long DEFAULT_SETTLE_POLL_MILLIS = 20;

  private static final Logger LOG = LoggerFactory.getLogger(RetryingCalls.class);

  /** Sends one attempt (1-based) of a call; a failure comes back classified. */
  @FunctionalInterface
  public interface Attempt {
    ModelCalls.Reply send(int attempt) throws GenerationException;
  }

  /** Reads an answer; an answer that does not parse is a (retriable) failure. */
  @FunctionalInterface
  public interface Parser<R> {
    R parse(ModelCalls.Reply reply) throws GenerationException;
  }

  /**
   * Keeps a parsed answer before its caller sees it (the journal append); the call completes when
   * the stage does. A stage that fails stops the run: a failure that is a {@link
   * GenerationException} is the reason given.
   */
  @FunctionalInterface
  public interface Keep {
    CompletionStage<?> keep(ModelCalls.Reply reply, long millis);
  }

  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService timer;
  private final CallSlots slots;
  private final RetryPolicy retry;
  private final FailureWindow window;
  private final Map<FailureKind, LongAdder> retries = new EnumMap<>(FailureKind.class);
  private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
  private volatile GenerationException fatal;
  private volatile boolean stopping;
  // Attempts running whose answer is not yet handed to its keep hook (or known not to need it).
  private final AtomicInteger unsettled = new AtomicInteger();

  /**
   * @param concurrency worker threads: each makes one blocking call at a time, so this is the most
   *     calls in flight (the slots' limiter decides how many of them may be out at once)
   */
  public RetryingCalls(int concurrency, CallSlots slots, RetryPolicy retry, FailureWindow window) {
    this.slots = slots;
    this.retry = retry;
    this.window = window;
    for (FailureKind k : FailureKind.values()) {
      retries.put(k, new LongAdder());
    }
    AtomicInteger n = new AtomicInteger();
    // Threads start with the first call, so a runner that never calls costs none.
    this.workers =
        new ThreadPoolExecutor(
            concurrency,
            concurrency,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> daemon(r, "personaforge-llm-" + n.incrementAndGet()));
    this.workers.allowCoreThreadTimeOut(true);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "personaforge-llm-retry"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Makes a call: attempts until one is answered, parsed and kept, or the failure is not retried.
   * Never blocks; the future completes with the value or the failure that ended the call, or
   * exceptionally when the run must stop (or this runner is closed).
   */
  public <R> CompletableFuture<Called<R>> call(Attempt attempt, Parser<R> parser, Keep keep) {
    CompletableFuture<Called<R>> future = new CompletableFuture<>();
    pending.add(future);
    future.whenComplete((o, t) -> pending.remove(future));
    enqueue(new Task<>(attempt, parser, keep, future), 0);
    return future;
  }

  /** Runs {@code task} every {@code millis} on this runner's timer until it is closed. */
  public void every(long millis, Runnable task) {
    timer.scheduleAtFixedRate(task, millis, millis, TimeUnit.MILLISECONDS);
  }

  private final class Task<R> implements Runnable {
    final Attempt attempt;
    final Parser<R> parser;
    final Keep keep;
    final CompletableFuture<Called<R>> future;
    int attempts;

    Task(Attempt attempt, Parser<R> parser, Keep keep, CompletableFuture<Called<R>> future) {
      this.attempt = attempt;
      this.parser = parser;
      this.keep = keep;
      this.future = future;
    }

    @Override
    public void run() {
      try {
        unsettled.incrementAndGet();
        try {
          attempt();
        } finally {
          unsettled.decrementAndGet();
        }
      } catch (RuntimeException | Error e) {
        // A bug must fail loudly, never leave a future that no one completes.
        future.completeExceptionally(
            new GenerationException(
                "internal error while generating: " + e, FailureKind.UNEXPECTED, null, null, e));
        if (e instanceof Error err) {
          throw err;
        }
      }
    }

    private void attempt() {
      if (future.isDone()) {
        return;
      }
      GenerationException stop = stopReason();
      if (stop != null) {
        future.completeExceptionally(stop);
        return;
      }
      attempts++;
      ModelCalls.Reply reply = null;
      GenerationException failure = null;
      CallSlots.Slot slot = null;
      long took = 0;
      try {
        slot = slots.acquire();
        stop = stopReason();
        if (stop != null) {
          // The run stopped while this call waited for a slot: it is not made.
          slot.cancel();
          slot = null;
          future.completeExceptionally(stop);
          return;
        }
        slot.send();
        reply = attempt.send(attempts);
      } catch (GenerationException e) {
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        future.completeExceptionally(
            new GenerationException(
                "generation interrupted", FailureKind.UNEXPECTED, null, null, e));
        return;
      } finally {
        if (slot != null) {
          took = slot.settle(failure == null, failure != null && failure.kind().overload());
        }
      }
      if (reply != null) {
        try {
          keep(parser.parse(reply), reply, Math.max(1, took / 1_000_000));
          return;
        } catch (GenerationException e) {
          failure = e;
        }
      }
      handle(failure);
    }

    /** The worker moves on at once; the call completes when its answer is kept. */
    private void keep(R value, ModelCalls.Reply reply, long millis) {
      int made = attempts;
      keep.keep(reply, millis)
          .whenComplete(
              (ok, err) -> {
                if (err != null) {
                  fail(reasonOf(err));
                  return;
                }
                window.record(false);
                future.complete(
                    new Called<>(
                        value,
                        null,
                        made,
                        false,
                        millis,
                        reply.promptTokens(),
                        reply.completionTokens()));
              });
    }

    private void handle(GenerationException e) {
      if (e.kind().fatal()) {
        fail(e);
        return;
      }
      if (retry.retries(e, attempts)) {
        retries.get(e.kind()).increment();
        enqueue(
            this,
            retry.delayMillis(
                attempts, e.retryAfter(), n -> ThreadLocalRandom.current().nextLong(n + 1)));
        return;
      }
      future.complete(Called.failed(e, attempts));
      if (window.record(true)) {
        fail(
            new GenerationException(
                "stopping the run: "
                    + window.describe()
                    + " after their retries; the last failure: "
                    + e.getMessage(),
                e.kind(),
                null,
                null,
                null));
      }
    }
  }

  private static GenerationException reasonOf(Throwable err) {
    Throwable cause =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    return cause instanceof GenerationException g
        ? g
        : new GenerationException(
            "cannot keep an LLM answer: " + cause, FailureKind.UNEXPECTED, null, null, cause);
  }

  private void enqueue(Task<?> task, long delayMillis) {
    try {
      if (delayMillis <= 0) {
        workers.execute(task);
      } else {
        timer.schedule(() -> enqueue(task, 0), delayMillis, TimeUnit.MILLISECONDS);
      }
    } catch (RejectedExecutionException e) {
      task.future.completeExceptionally(
          new GenerationException(
              "the generation engine is closed", FailureKind.UNEXPECTED, null, null, null));
    }
  }

  private void fail(GenerationException e) {
    synchronized (this) {
      if (fatal == null) {
        fatal = e;
        LOG.error("{}", e.getMessage());
      }
    }
    GenerationException stop = fatal;
    for (CompletableFuture<?> f : pending) {
      f.completeExceptionally(stop);
    }
  }

  /** Why no new call may start: the run's fatal error, or an interruption; null while it may. */
  public GenerationException stopReason() {
    GenerationException stop = fatal;
    if (stop != null || !stopping) {
      return stop;
    }
    return new GenerationException(
        "interrupted: no new LLM calls are made", FailureKind.UNEXPECTED, null, null, null);
  }

  /** The reason the run must stop, or null while it may go on (an interruption is not one). */
  public GenerationException fatalError() {
    return fatal;
  }

  /** Whether {@link #stopIssuing} was called. */
  public boolean stopping() {
    return stopping;
  }

  /**
   * Stops issuing calls and waits up to {@code grace} for the attempts out to be answered and
   * handed to their keep hook. Calls not yet sent complete exceptionally. Returns the number of
   * attempts still unanswered when it gave up.
   */
  public int stopIssuing(Duration grace) {
    stopping = true;
    long deadline = System.nanoTime() + grace.toNanos();
    while (unsettled.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(DEFAULT_SETTLE_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return unsettled.get();
  }

  /** Retries made so far, by the cause of the failure retried. */
  public Map<FailureKind, Long> retriesByCause() {
    Map<FailureKind, Long> out = new EnumMap<>(FailureKind.class);
    retries.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /**
   * Stops the threads; calls still pending complete exceptionally. Not for a runner that is {@link
   * #stopIssuing stopping}: its calls out are being answered and kept, and cutting them off would
   * throw paid answers away (the process is exiting anyway).
   */
  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    GenerationException closed =
        new GenerationException(
            "the generation engine was closed with requests pending",
            FailureKind.UNEXPECTED,
            null,
            null,
            null);
    for (CompletableFuture<?> f : pending) {
      f.completeExceptionally(closed);
    }
  }
}
