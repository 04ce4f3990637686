package io.personaforge.generator;

import io.personaforge.generator.engine.Activity;
import io.personaforge.generator.engine.AdaptiveLimiter;
import io.personaforge.generator.engine.CallSlots;
import io.personaforge.generator.engine.Called;
import io.personaforge.generator.engine.Drained;
import io.personaforge.generator.engine.FailureWindow;
import io.personaforge.generator.engine.HeadStart;
import io.personaforge.generator.engine.JournaledCalls;
import io.personaforge.generator.engine.RateBudget;
import io.personaforge.generator.engine.ResponseJournal;
import io.personaforge.generator.engine.RetryPolicy;
import io.personaforge.generator.engine.RetryingCalls;
import io.personaforge.generator.judge.JudgeCall;
import io.personaforge.generator.judge.JudgeOutcome;
import io.personaforge.generator.judge.Verdict;
import io.personaforge.taxonomy.Taxonomy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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
 * <p>The engine composes its parts (package {@code engine}) around any writer: {@link
 * RetryingCalls} (worker threads, {@link CallSlots} over the {@link AdaptiveLimiter} and {@link
 * RateBudget}, the {@link RetryPolicy}, the {@link FailureWindow}, the run's stop), {@link
 * JournaledCalls} around it (the {@link ResponseJournal} and the calls shared between askers),
 * {@link HeadStart}, and the {@link Activity} record. It asks the writer for its {@link
 * PersonaWriter#modelCalls() calls} and what it can do, never for its provider; a writer without
 * model calls answers at once and is simply called.
 */
public final class GenerationEngine implements AutoCloseable {
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
  private final AdaptiveLimiter limiter;
  private final CallSlots slots;
  // Always there (its threads start with the first call): it also holds the run's stop.
  private final RetryingCalls runner;
  // Null when nothing is ever called (a writer that answers at once, no judges).
  private final JournaledCalls journaled;
  private final Activity activity;
  private final HeadStart<Outcome> headStart;
  // What the drain methods handed out so far.
  private final Drained drained = new Drained();
  private final AtomicInteger refs = new AtomicInteger();

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
    this.limiter = new AdaptiveLimiter(config.concurrency());
    this.slots =
        new CallSlots(new RateBudget(config.requestsPerMinute()), limiter, System::nanoTime);
    this.runner =
        new RetryingCalls(config.concurrency(), slots, RetryPolicy.of(config), new FailureWindow());
    this.headStart =
        new HeadStart<>(this::askEarly, limiter::limit, () -> runner.stopReason() != null);
    if (calls != null || !judges.isEmpty()) {
      this.journaled =
          new JournaledCalls(ResponseJournal.open(cacheDir.resolve("llm"), fresh), runner);
      this.activity = new Activity(System.nanoTime());
      runner.every(
          Activity.DEFAULT_SAMPLE_MILLIS,
          () -> activity.sample(System.nanoTime(), limiter.inFlight(), limiter.limit()));
    } else {
      this.journaled = null;
      this.activity = null;
    }
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
    headStart.pipelineAsks();
    GenerationException stop = runner.stopReason();
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
    return headStart.take(prepared.key()).orElseGet(() -> ask(prepared));
  }

  /** A persona call through the journal and the retries. */
  private CompletableFuture<Outcome> ask(ModelCalls.Prepared prepared) {
    return journaled
        .call(prepared.key(), attempt -> calls.call(prepared, attempt), calls::parse)
        .thenApply(
            c ->
                c.failure() == null
                    ? new Outcome.Success(c.value(), c.attempts(), c.cacheHit())
                    : new Outcome.Failure(
                        c.failure().kind(), c.reason(), c.failure().rawOutput(), c.attempts()));
  }

  /** A head start's call: one answered by an earlier run is left for the pipeline to replay. */
  private CompletableFuture<Outcome> askEarly(ModelCalls.Prepared prepared) {
    GenerationException stop = runner.stopReason();
    if (stop != null) {
      return CompletableFuture.failedFuture(stop);
    }
    // The pipeline replays a journaled answer itself (and counts the cache hit once).
    return journaled.answered(prepared.key())
        ? CompletableFuture.completedFuture(null)
        : ask(prepared);
  }

  /**
   * Asks for up to {@code max} first drafts before the pipeline that needs them runs, until the
   * pipeline's first request ({@link HeadStart}): the pipeline's request for a draft already asked
   * gets that call's outcome as if it had made the call. Answers go to the journal like any other.
   * Only for writers in this process (Direct runner, embedded Flink): a cluster's workers read the
   * journal when they start. Does nothing for a writer that answers at once.
   */
  public void headStart(Iterator<WriteRequest> drafts, int max) {
    if (calls == null || max <= 0) {
      return;
    }
    headStart.start(drafts, calls::prepare, max);
  }

  /**
   * Asks a judge for its verdict on one narrative, through the same slots, budget, retries and
   * journal as the drafts (the key names the judge, its model and the whole prompt). Never blocks;
   * completes exceptionally only when the run must stop.
   */
  public CompletableFuture<JudgeOutcome> judge(JudgeCall call) {
    GenerationException stop = runner.stopReason();
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
    return journaled
        .call(
            prepared.key(),
            attempt -> model.call(prepared, attempt, Verdict.FORMAT),
            reply -> Verdict.parse(reply.text()))
        .thenApply(GenerationEngine::judged);
  }

  private static JudgeOutcome judged(Called<Verdict> c) {
    return new JudgeOutcome(
        c.value(),
        c.failure() == null ? null : c.reason(),
        c.attempts(),
        c.cacheHit(),
        c.millis(),
        c.cacheHit() ? 0 : c.promptTokens(),
        c.cacheHit() ? 0 : c.completionTokens());
  }

  /**
   * Stops issuing calls and waits up to {@code grace} for the calls in flight to be answered and
   * journaled, so that an interrupted run resumes without asking them again. Calls not yet sent
   * complete exceptionally. Returns the number of calls still unanswered when it gave up.
   */
  public int stopIssuing(Duration grace) {
    return journaled == null ? runner.stopIssuing(grace) : journaled.stopIssuing(grace);
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
    return drained.since(
        Map.of("busy_ms", slots.busyNanos() / 1_000_000, "overloads", slots.overloads()));
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
    runner.retriesByCause().forEach((k, n) -> totals.put(k.label(), n));
    return drained.since(totals);
  }

  /** The reason the run must stop, if it must. */
  public Optional<GenerationException> fatalError() {
    return Optional.ofNullable(runner.fatalError());
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
    if (runner.stopping()) {
      // The process is exiting after an interruption: the calls in flight are being answered and
      // journaled (stopIssuing); cutting them off here would throw paid answers away.
      return;
    }
    runner.close();
    if (journaled != null) {
      journaled.close();
    }
    judges.values().forEach(PersonaWriter::close);
    writer.close();
  }

  /** For tests: how many callers hold this engine. */
  int references() {
    return refs.get();
  }
}
