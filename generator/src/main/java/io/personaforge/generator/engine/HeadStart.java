package io.personaforge.generator.engine;

import io.personaforge.generator.ModelCalls;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks for first drafts before the pipeline that needs them runs: a pipeline takes seconds to start
 * (more on a busy machine, and again for each refill round), and the endpoint would sit idle
 * meanwhile. A background thread asks the drafts' calls in order, keeping at most the limiter's
 * limit of its own in flight, and stops at the pipeline's first request ({@link #pipelineAsks}),
 * after its maximum, or when the run must stop. The pipeline's request for a call already asked
 * {@link #take takes} that call's answer (waiting for it if need be) as if it had made the call, so
 * nothing is paid twice and the run's figures count it once, as a call. Thread-safe.
 *
 * @param <V> what a call completes with
 */
public final class HeadStart<V> {
  /** How often the head start looks for a free slot: well under any LLM's latency. */
  static final long DEFAULT_POLL_MILLIS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(HeadStart.class);

  private final Function<ModelCalls.Prepared, CompletableFuture<V>> ask;
  private final IntSupplier limit;
  private final BooleanSupplier stopped;
  // The head start's calls, answered or not, until the pipeline asks for them.
  private final Map<String, CompletableFuture<V>> started = new ConcurrentHashMap<>();
  // Set by the pipeline's first request: from then on its own window keeps the endpoint busy.
  private volatile boolean pipelineAsking;

  /**
   * @param ask makes one call (or answers it at once, when nothing needs asking: a call already
   *     done is not kept for the pipeline, which then asks it itself)
   * @param limit how many of its own calls the head start may have in flight
   * @param stopped whether the run must stop (no call is asked then)
   */
  public HeadStart(
      Function<ModelCalls.Prepared, CompletableFuture<V>> ask,
      IntSupplier limit,
      BooleanSupplier stopped) {
    this.ask = ask;
    this.limit = limit;
    this.stopped = stopped;
  }

  /**
   * Starts asking the calls of {@code drafts}, at most {@code max} of them, on a thread of its own;
   * returns at once. A draft that cannot be drawn or prepared ends the head start quietly: the
   * pipeline draws the same persona and reports any problem itself.
   *
   * @param prepare a draft's call (its prompt and key), as the pipeline's request will make it
   */
  public <T> void start(Iterator<T> drafts, Function<T, ModelCalls.Prepared> prepare, int max) {
    pipelineAsking = false;
    Thread t = new Thread(() -> feed(drafts, prepare, max), "personaforge-llm-head-start");
    t.setDaemon(true);
    t.start();
  }

  private <T> void feed(Iterator<T> drafts, Function<T, ModelCalls.Prepared> prepare, int max) {
    AtomicInteger open = new AtomicInteger();
    int asked = 0;
    while (!pipelineAsking && !stopped.getAsBoolean() && asked < max && drafts.hasNext()) {
      if (open.get() >= limit.getAsInt()) {
        sleepQuietly(DEFAULT_POLL_MILLIS);
        continue;
      }
      ModelCalls.Prepared next;
      try {
        next = prepare.apply(drafts.next());
      } catch (RuntimeException e) {
        LOG.debug("head start stopped: {}", e.toString());
        return;
      }
      open.incrementAndGet();
      CompletableFuture<V> answer = ask.apply(next);
      if (!answer.isDone()) {
        started.put(next.key(), answer);
      }
      answer.whenComplete((v, t) -> open.decrementAndGet());
      asked++;
    }
  }

  /** The pipeline is asking: the head start asks no more. */
  public void pipelineAsks() {
    pipelineAsking = true;
  }

  /** The head start's call under {@code key}, handed over once (the pipeline's from then on). */
  public Optional<CompletableFuture<V>> take(String key) {
    return Optional.ofNullable(started.remove(key));
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
