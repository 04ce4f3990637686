package io.personaforge.generator;

import io.personaforge.generator.engine.Activity;
import io.personaforge.generator.engine.AdaptiveLimiter;
import io.personaforge.generator.engine.CallSlots;
import io.personaforge.generator.engine.FailureWindow;
import io.personaforge.generator.engine.RateBudget;
import io.personaforge.generator.engine.ResponseJournal;
import io.personaforge.generator.engine.RetryPolicy;
import io.personaforge.generator.engine.SharedCalls;
import io.personaforge.generator.judge.JudgeCall;
import io.personaforge.generator.judge.JudgeOutcome;
import io.personaforge.generator.judge.Verdict;
import io.personaforge.taxonomy.Taxonomy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes personas through the configured provider with up to {@code concurrency} calls in flight,
 * within the {@code requests_per_minute} budget, adapting to rate limiting (AIMD on 429/503),
 * retrying retriable failures with exponential back-off, jitter and the server's Retry-After, and
 * journaling every answer under the cache folder so a re-run pays for nothing twice. LLM judges'
 * verdicts ({@link #judge}) take the same path: the same slots, budget, retries and journal.
 *
 * <p>Guarantees: {@link #submit} never blocks on the LLM and its future completes normally with an
 * {@link Outcome} for every per-persona result (success or reject); it completes exceptionally
 * (with a {@link GenerationException} whose message names the endpoint and model, never the key)
 * only when the run must stop: a refused key, an unknown model, or more than half of the last 100
 * personas failing after their retries. What is written for a persona depends only on the request
 * (and, for remote models, on the model), never on timing or arrival order.
 *
 * <p>One engine per worker JVM: {@link #open} returns a shared, reference-counted instance per
 * (config, taxonomy, cache folder, fresh), so every DoFn instance in the JVM shares one budget of
 * in-flight calls; each caller closes what it opened. Thread-safe.
 *
 * <p>The engine composes its parts (package {@code engine}: {@link CallSlots}, {@link RetryPolicy},
 * {@link SharedCalls}, {@link FailureWindow}, {@link ResponseJournal}, {@link Activity}) around any
 * writer: it asks the writer for its {@link PersonaWriter#modelCalls() calls} and what it can do,
 * never for its provider.
 */
public final class GenerationEngine implements AutoCloseable {
  /** Outcomes (after retries) the failure-rate check looks back over. */
  public static final int DEFAULT_FAILURE_WINDOW = 100;

  /** No verdict on fewer outcomes than this: a few early rejects are not a trend. */
  public static final int DEFAULT_FAILURE_MIN_SAMPLE = 20;

  /** Stop when more than this share of the window failed. */
  public static final double DEFAULT_MAX_FAILURE_RATE = 0.5;

  /** How often a head start looks for a free slot: well under any LLM's latency. */
  static final long DEFAULT_HEAD_START_POLL_MILLIS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(GenerationEngine.class);
  private static final Map<SharedKey, GenerationEngine> SHARED = new HashMap<>();

  private record SharedKey(
      GeneratorConfig config,
      List<GeneratorConfig> judgeModels,
      String taxonomyHash,
      Path cacheDir,
      boolean fresh) {}

  private final SharedKey sharedKey;
  private final GeneratorConfig config;
  private final Taxonomy taxonomy;
  private final Function<String, String> env;
  private final PersonaWriter writer;
  // The writer's calls as steps to journal and retry between; null for a writer that answers at
  // once (it is simply called, on the caller's thread).
  private final ModelCalls calls;
  // One writer per judge model (its endpoint, model and sampling settings), for judge calls only.
  private final Map<GeneratorConfig, PersonaWriter> judges = new HashMap<>();
  private final ResponseJournal journal;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService timer;
  private final AdaptiveLimiter limiter;
  private final CallSlots slots;
  private final FailureWindow window;
  private final RetryPolicy retry;
  private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
  // Calls asked and not yet answered, by journal key: a second request for the same prompt waits
  // for the first one's answer, never pays again.
  private final SharedCalls<Called<?>> asking = new SharedCalls<>();
  // A head start's drafts, answered or not, until the pipeline asks for them: the pipeline takes
  // each one's outcome as its own call (so its figures count it once, as a call, not a cache hit).
  private final Map<String, CompletableFuture<Outcome>> headStarted = new ConcurrentHashMap<>();
  // Set by the first request that is not a head start's: the pipeline is asking, the head stops.
  private volatile boolean pipelineAsking;
  private final Map<FailureKind, LongAdder> retries = new EnumMap<>(FailureKind.class);
  // Totals already handed out by the drain methods, by the name they were handed out under.
  private final Map<String, Long> drained = new HashMap<>();
  private final AtomicInteger refs = new AtomicInteger();
  private final Activity activity;
  private volatile GenerationException fatal;
  private volatile boolean stopping;
  // Calls made whose answer is not yet queued for the journal (or known not to need it).
  private final AtomicInteger unsettled = new AtomicInteger();

  private GenerationEngine(
      SharedKey sharedKey,
      GeneratorConfig config,
      List<GeneratorConfig> judgeModels,
      Taxonomy taxonomy,
      Path cacheDir,
      boolean fresh,
      Function<String, String> env) {
    this.sharedKey = sharedKey;
    this.config = config;
    this.taxonomy = taxonomy;
    this.env = env;
    this.writer = PersonaWriters.create(config, taxonomy, env);
    this.calls = writer.modelCalls().orElse(null);
    for (GeneratorConfig m : judgeModels) {
      if (!m.capabilities().judges()) {
        throw new IllegalArgumentException(
            "a judge needs an LLM, and its model's provider is " + m.provider());
      }
      judges.computeIfAbsent(m, k -> PersonaWriters.create(k, taxonomy, env));
    }
    for (FailureKind k : FailureKind.values()) {
      retries.put(k, new LongAdder());
    }
    this.limiter = new AdaptiveLimiter(config.concurrency());
    this.slots =
        new CallSlots(new RateBudget(config.requestsPerMinute()), limiter, System::nanoTime);
    this.retry = RetryPolicy.of(config);
    this.window =
        new FailureWindow(
            DEFAULT_FAILURE_WINDOW, DEFAULT_FAILURE_MIN_SAMPLE, DEFAULT_MAX_FAILURE_RATE);
    if (calls != null || !judges.isEmpty()) {
      this.journal = ResponseJournal.open(cacheDir.resolve("llm"), fresh);
      AtomicInteger n = new AtomicInteger();
      // One blocking call per thread: the pool's size is the in-flight cap, so it is C exactly.
      this.workers =
          new ThreadPoolExecutor(
              config.concurrency(),
              config.concurrency(),
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> daemon(r, "personaforge-llm-" + n.incrementAndGet()));
      this.workers.allowCoreThreadTimeOut(true);
      this.timer =
          Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "personaforge-llm-retry"));
      this.activity = new Activity(System.nanoTime());
      this.timer.scheduleAtFixedRate(
          () -> activity.sample(System.nanoTime(), limiter.inFlight(), limiter.limit()),
          Activity.DEFAULT_SAMPLE_MILLIS,
          Activity.DEFAULT_SAMPLE_MILLIS,
          TimeUnit.MILLISECONDS);
    } else {
      this.journal = null;
      this.workers = null;
      this.timer = null;
      this.activity = null;
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * The engine shared by every caller in this JVM with the same arguments, opened on first use. API
   * keys are read from the process environment.
   *
   * @param cacheDir the run's cache folder ({@code OUT/.cache}); the journal lives in its {@code
   *     llm/} subfolder
   * @param fresh ignore answers journaled by earlier runs (new answers are still journaled)
   */
  public static GenerationEngine open(
      GeneratorConfig config, Taxonomy taxonomy, Path cacheDir, boolean fresh) {
    return open(config, List.of(), taxonomy, cacheDir, fresh, System::getenv);
  }

  /**
   * As {@link #open(GeneratorConfig, Taxonomy, Path, boolean)}, with the models of the run's judges
   * (each a remote provider): their calls share this engine's slots, budget, retries, journal and
   * activity with the drafts.
   */
  public static GenerationEngine open(
      GeneratorConfig config,
      List<GeneratorConfig> judgeModels,
      Taxonomy taxonomy,
      Path cacheDir,
      boolean fresh) {
    return open(config, judgeModels, taxonomy, cacheDir, fresh, System::getenv);
  }

  /** As {@link #open(GeneratorConfig, Taxonomy, Path, boolean)}, with an environment lookup. */
  public static GenerationEngine open(
      GeneratorConfig config,
      Taxonomy taxonomy,
      Path cacheDir,
      boolean fresh,
      Function<String, String> env) {
    return open(config, List.of(), taxonomy, cacheDir, fresh, env);
  }

  /**
   * As {@link #open(GeneratorConfig, List, Taxonomy, Path, boolean)}, with an environment lookup.
   */
  public static GenerationEngine open(
      GeneratorConfig config,
      List<GeneratorConfig> judgeModels,
      Taxonomy taxonomy,
      Path cacheDir,
      boolean fresh,
      Function<String, String> env) {
    Path dir = cacheDir.toAbsolutePath().normalize();
    List<GeneratorConfig> models = List.copyOf(new LinkedHashSet<>(judgeModels));
    SharedKey key = new SharedKey(config, models, taxonomy.contentHash(), dir, fresh);
    synchronized (SHARED) {
      GenerationEngine engine = SHARED.get(key);
      if (engine == null) {
        engine = new GenerationEngine(key, config, models, taxonomy, dir, fresh, env);
        SHARED.put(key, engine);
      }
      engine.refs.incrementAndGet();
      return engine;
    }
  }

  /** Provider, model and prompt versions, to record on every persona. */
  public WriterInfo info() {
    return writer.info();
  }

  /** {@link PersonaWriters#probe(GeneratorConfig, Taxonomy)} for this engine's writer. */
  public void probe() throws GenerationException {
    PersonaWriters.probe(config, taxonomy, env);
  }

  /**
   * Writes one persona (first draft or revision). Never blocks on the LLM; the future completes
   * with an {@link Outcome} on a worker thread, or exceptionally when the run must stop.
   */
  public CompletableFuture<Outcome> submit(WriteRequest request) {
    pipelineAsking = true;
    return submit(request, false);
  }

  private CompletableFuture<Outcome> submit(WriteRequest request, boolean headStart) {
    GenerationException stop = stopReason();
    if (stop != null) {
      return CompletableFuture.failedFuture(stop);
    }
    if (calls == null) {
      // A writer that answers at once is pure CPU: no pool, no journal, no retries.
      try {
        Draft d = writer.write(request);
        return CompletableFuture.completedFuture(new Outcome.Success(d, 0, false));
      } catch (GenerationException e) {
        return CompletableFuture.completedFuture(
            new Outcome.Failure(e.kind(), e.getMessage(), e.rawOutput(), 0));
      }
    }
    ModelCalls.Prepared prepared = calls.prepare(request);
    if (!headStart) {
      CompletableFuture<Outcome> early = headStarted.remove(prepared.key());
      if (early != null) {
        return early;
      }
    } else if (journal.get(prepared.key()).isPresent()) {
      // Answered by an earlier run: the pipeline replays it itself (and counts the cache hit once).
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Outcome> outcome =
        call(prepared.key(), attempt -> calls.call(prepared, attempt), calls::parse)
            .thenApply(
                c ->
                    c.failure() == null
                        ? new Outcome.Success(c.value(), c.attempts(), c.cacheHit())
                        : new Outcome.Failure(
                            c.failure().kind(), c.reason(), c.failure().rawOutput(), c.attempts()));
    if (headStart && !outcome.isDone()) {
      headStarted.put(prepared.key(), outcome);
    }
    return outcome;
  }

  /**
   * Asks for first drafts before the pipeline that needs them runs: a pipeline takes seconds to
   * start (more on a busy machine, and again for each refill round), and the endpoint would sit
   * idle meanwhile. A background thread submits {@code drafts} in order, keeping at most the
   * limiter's limit of its own calls in flight, and stops at the pipeline's first request (or after
   * {@code max} drafts): from then on the pipeline's own window keeps the endpoint busy. Answers go
   * to the journal like any other, and the pipeline's request for a draft already asked gets that
   * call's outcome (waiting for it if need be) as if it had made the call, so nothing is paid twice
   * and the run's figures count it once. Only for writers in this process (Direct runner, embedded
   * Flink): a cluster's workers read the journal when they start. Does nothing for a writer that
   * answers at once.
   */
  public void headStart(Iterator<WriteRequest> drafts, int max) {
    if (calls == null || max <= 0) {
      return;
    }
    pipelineAsking = false;
    daemon(() -> feed(drafts, max), "personaforge-llm-head-start").start();
  }

  private void feed(Iterator<WriteRequest> drafts, int max) {
    AtomicInteger open = new AtomicInteger();
    int asked = 0;
    while (!pipelineAsking && stopReason() == null && asked < max && drafts.hasNext()) {
      if (open.get() >= limiter.limit()) {
        sleepQuietly(DEFAULT_HEAD_START_POLL_MILLIS);
        continue;
      }
      WriteRequest next;
      try {
        next = drafts.next();
      } catch (RuntimeException e) {
        // Only a head start: the pipeline draws the same persona and reports any problem itself.
        LOG.debug("head start stopped: {}", e.toString());
        return;
      }
      open.incrementAndGet();
      submit(next, true).whenComplete((o, t) -> open.decrementAndGet());
      asked++;
    }
  }

  /**
   * Asks a judge for its verdict on one narrative, through the same slots, budget, retries and
   * journal as the drafts (the key names the judge, its model and the whole prompt). Never blocks;
   * completes exceptionally only when the run must stop.
   */
  public CompletableFuture<JudgeOutcome> judge(JudgeCall call) {
    GenerationException stop = stopReason();
    if (stop != null) {
      return CompletableFuture.failedFuture(stop);
    }
    PersonaWriter judgeWriter = judges.get(call.model());
    if (judgeWriter == null) {
      throw new IllegalArgumentException(
          "judge " + call.judge() + ": its model was not given when the engine was opened");
    }
    // Its provider judges (checked at open), so its writer calls a model.
    ModelCalls model = judgeWriter.modelCalls().orElseThrow();
    ModelCalls.Prepared prepared = model.prepareJudge(call.judge(), call.prompt(), call.seed());
    return call(
            prepared.key(),
            attempt -> model.call(prepared, attempt, Verdict.FORMAT),
            reply -> Verdict.parse(reply.text()))
        .thenApply(
            c ->
                new JudgeOutcome(
                    c.value(),
                    c.failure() == null ? null : c.reason(),
                    c.attempts(),
                    c.cacheHit(),
                    c.millis(),
                    c.cacheHit() ? 0 : c.promptTokens(),
                    c.cacheHit() ? 0 : c.completionTokens()));
  }

  /** Sends one attempt of a call; a failure comes back classified. */
  @FunctionalInterface
  private interface Caller {
    ModelCalls.Reply call(int attempt) throws GenerationException;
  }

  /** Reads an answer; an answer that does not parse is a (retriable) failure. */
  @FunctionalInterface
  private interface Parser<R> {
    R parse(ModelCalls.Reply reply) throws GenerationException;
  }

  /**
   * What one call of any kind came to: its value, or the failure that ended it after the retries.
   */
  private record Called<R>(
      R value,
      GenerationException failure,
      int attempts,
      boolean cacheHit,
      long millis,
      long promptTokens,
      long completionTokens) {
    /**
     * Why there is no value, for the reject record (no secrets: the failure's message has none).
     */
    String reason() {
      return failure.getMessage()
          + (failure.retriable() ? " (after " + attempts + " attempts)" : "");
    }
  }

  /**
   * The answer journaled under {@code key}, or a call made (with retries) and journaled: the one
   * path every draft, revision and verdict takes.
   */
  private <R> CompletableFuture<Called<R>> call(String key, Caller caller, Parser<R> parser) {
    Optional<ResponseJournal.Entry> hit = journal.get(key);
    if (hit.isPresent()) {
      ResponseJournal.Entry e = hit.get();
      try {
        R value =
            parser.parse(new ModelCalls.Reply(e.text(), e.promptTokens(), e.completionTokens()));
        return CompletableFuture.completedFuture(
            new Called<>(value, null, 0, true, e.millis(), e.promptTokens(), e.completionTokens()));
      } catch (GenerationException ignored) {
        // Journaled by an older parser that accepted it: ask again.
      }
    }
    CompletableFuture<Called<R>> future = new CompletableFuture<>();
    // A key names its prompt and its parser: whoever asked first, the answer is of this type.
    Optional<CompletableFuture<Called<R>>> earlier = asking.joinOrStart(key, future);
    if (earlier.isPresent()) {
      // Already being asked (the same prompt twice): share its answer, journaled once, paid once.
      return earlier
          .get()
          .thenApply(
              c -> {
                if (c.failure() != null) {
                  return c;
                }
                return new Called<>(
                    c.value(), null, 0, true, c.millis(), c.promptTokens(), c.completionTokens());
              });
    }
    pending.add(future);
    future.whenComplete((o, t) -> pending.remove(future));
    enqueue(new Task<>(key, caller, parser, future), 0);
    return future;
  }

  private final class Task<R> implements Runnable {
    final String key;
    final Caller caller;
    final Parser<R> parser;
    final CompletableFuture<Called<R>> future;
    int attempts;

    Task(String key, Caller caller, Parser<R> parser, CompletableFuture<Called<R>> future) {
      this.key = key;
      this.caller = caller;
      this.parser = parser;
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
        reply = caller.call(attempts);
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
          R value = parser.parse(reply);
          int made = attempts;
          long millis = Math.max(1, took / 1_000_000);
          ModelCalls.Reply r = reply;
          // The worker moves on at once; the persona completes when its answer is on disk.
          journal
              .appendAsync(
                  key,
                  new ResponseJournal.Entry(
                      reply.text(), reply.promptTokens(), reply.completionTokens(), millis))
              .whenComplete(
                  (ok, err) -> {
                    if (err != null) {
                      fail(
                          new GenerationException(
                              "cannot journal LLM answers: " + err.getMessage(),
                              FailureKind.UNEXPECTED,
                              null,
                              null,
                              null));
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
                            r.promptTokens(),
                            r.completionTokens()));
                  });
          return;
        } catch (GenerationException e) {
          failure = e;
        }
      }
      handle(failure);
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
      future.complete(new Called<>(null, e, attempts, false, 0, 0, 0));
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
  private GenerationException stopReason() {
    GenerationException stop = fatal;
    if (stop != null || !stopping) {
      return stop;
    }
    return new GenerationException(
        "interrupted: no new LLM calls are made", FailureKind.UNEXPECTED, null, null, null);
  }

  /**
   * Stops issuing calls and waits up to {@code grace} for the calls in flight to be answered and
   * journaled, so that an interrupted run resumes without asking them again. Calls not yet sent
   * complete exceptionally. Returns the number of calls still unanswered when it gave up.
   */
  public int stopIssuing(Duration grace) {
    stopping = true;
    if (workers == null) {
      return 0;
    }
    long deadline = System.nanoTime() + grace.toNanos();
    while (unsettled.get() > 0 && System.nanoTime() < deadline) {
      sleepQuietly(20);
    }
    int left = unsettled.get();
    journal.awaitWritten(
        Duration.ofMillis(Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
    return left;
  }

  /** Every engine open in this JVM: what an interrupted run must stop and flush. */
  public static List<GenerationEngine> openEngines() {
    synchronized (SHARED) {
      return List.copyOf(SHARED.values());
    }
  }

  /**
   * What the calls did since the previous drain (every caller's share counted once, as {@link
   * #drainRetriesByCause}): {@code busy_ms} (the sum of the calls' durations: request-milliseconds
   * the server worked for us) and {@code overloads} (answers 429 or 503).
   */
  public synchronized Map<String, Long> drainActivity() {
    return drain(Map.of("busy_ms", slots.busyNanos() / 1_000_000, "overloads", slots.overloads()));
  }

  /** What {@code totals} grew by since they were last drained (only what grew). */
  private Map<String, Long> drain(Map<String, Long> totals) {
    Map<String, Long> out = new TreeMap<>();
    totals.forEach(
        (k, now) -> {
          long delta = now - drained.getOrDefault(k, 0L);
          if (delta > 0) {
            out.put(k, delta);
            drained.put(k, now);
          }
        });
    return out;
  }

  /**
   * In-flight calls and the limiter's limit over time (sampled every {@link
   * Activity#DEFAULT_SAMPLE_MILLIS} ms since the engine opened), the time from the first call to
   * the last answer, and how the limiter read the server's pushback; empty for the offline writer.
   */
  public Optional<Activity.Snapshot> activity() {
    if (activity == null) {
      return Optional.empty();
    }
    return Optional.of(
        activity.snapshot(
            slots.firstCallNanos(),
            slots.lastAnswerNanos(),
            limiter.capRejections(),
            limiter.isolatedRejections()));
  }

  /**
   * Retries by {@link FailureKind#label()} since the previous call (every caller's share counted
   * once): the engine is shared by all writers in a JVM, and each writer publishes what it drains
   * as pipeline counters, so the counters sum to the engine's totals whoever drains.
   */
  public synchronized Map<String, Long> drainRetriesByCause() {
    Map<String, Long> totals = new HashMap<>();
    retries.forEach((k, v) -> totals.put(k.label(), v.sum()));
    return drain(totals);
  }

  /** The reason the run must stop, if it must. */
  public Optional<GenerationException> fatalError() {
    return Optional.ofNullable(fatal);
  }

  /**
   * Releases this caller's reference; the last one out stops the threads and closes the journal
   * (requests still pending then complete exceptionally).
   */
  @Override
  public void close() {
    synchronized (SHARED) {
      if (refs.decrementAndGet() > 0) {
        return;
      }
      SHARED.remove(sharedKey);
    }
    if (stopping) {
      // The process is exiting after an interruption: the calls in flight are being answered and
      // journaled (stopIssuing); cutting them off here would throw paid answers away.
      return;
    }
    if (workers != null) {
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
      journal.close();
    }
    judges.values().forEach(PersonaWriter::close);
    writer.close();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** For tests: how many callers hold this engine. */
  int references() {
    return refs.get();
  }
}
