package io.personaforge.pipelines;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.DedupText;
import io.personaforge.generator.GenerationEngine;
import io.personaforge.generator.Outcome;
import io.personaforge.generator.judge.JudgeOutcome;
import io.personaforge.pipelines.dedup.SharedEmbeddings;
import io.personaforge.validator.Validator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes every sampled persona's narrative and checks it, revising it while it fails (up to {@code
 * validation.max_revisions} times), each persona as one continuous unit of work ({@link
 * ProposeReviseLoop}): a slot freed by any answer is refilled at once by the next draft or
 * revision, so the LLM never waits for a stage to end. Output: every persona once — valid (its
 * warnings recorded) or rejected ({@code failedStage} GENERATION or VALIDATION, with every
 * violation of every attempt and the last raw output). A fatal writer error (a wrong key, an
 * unknown model, persistent failures) fails the run.
 *
 * <p>Personas reach the loop in batches grouped by a hash of their id, so that one worker holds
 * many requests in flight rather than one per runner thread; the offline writer answers at once, so
 * its personas skip the shuffle (unless LLM judges are asked about them). Every instance in a JVM
 * shares one {@link GenerationEngine}, so one budget of in-flight calls. Validation figures are
 * published as counters ({@link Stats#validation}) at the end of each bundle.
 */
public final class WriteAndCheckNarratives
    extends PTransform<PCollection<PersonaRecord>, PCollection<PersonaRecord>> {
  /**
   * Personas per batch, per unit of concurrency: few, large batches, since a batch's tail (its last
   * answers) is the only time its worker has fewer requests than its window.
   */
  static final int DEFAULT_BATCH_PER_SLOT = 16;

  /**
   * Personas in progress per worker, per unit of concurrency: twice the engine's slots, so one
   * worker alone keeps every slot busy while it checks the answers that came back.
   */
  static final int DEFAULT_WINDOW_PER_SLOT = 2;

  private final RunSpec spec;
  private final long expected;

  /**
   * @param spec the run
   * @param expected how many personas to expect (sizes the batches)
   */
  public WriteAndCheckNarratives(RunSpec spec, long expected) {
    this.spec = spec;
    this.expected = expected;
  }

  @Override
  public PCollection<PersonaRecord> expand(PCollection<PersonaRecord> input) {
    return batched(input, expected, batchSize(spec))
        .apply("ProposeAndRevise", ParDo.of(new ProposeReviseFn(spec)))
        .setCoder(PersonaRecordCoder.of());
  }

  /**
   * Personas per batch: enough to keep every in-flight slot busy; 1 for the offline writer without
   * judges (it answers at once).
   */
  static int batchSize(RunSpec spec) {
    return waitsOnCalls(spec)
        ? DEFAULT_BATCH_PER_SLOT * spec.config().generator().concurrency()
        : 1;
  }

  /** Personas in progress at once per worker: 1 when nothing waits on an LLM. */
  static int window(RunSpec spec) {
    return waitsOnCalls(spec)
        ? DEFAULT_WINDOW_PER_SLOT * spec.config().generator().concurrency()
        : 1;
  }

  /**
   * Whether a persona's flow waits on LLM calls: a remote writer, or judges (with their own LLM).
   */
  static boolean waitsOnCalls(RunSpec spec) {
    return spec.capabilities().remote() || !spec.config().validation().judges().isEmpty();
  }

  /** The run's judges (checked when the configuration was loaded). */
  static Judges judges(RunSpec spec, Validator validator) {
    return Judges.of(
        spec.config().validation(),
        spec.config().generator(),
        spec.taxonomy(),
        validator.ruleNames());
  }

  /**
   * Whether a persona may be revised: only by a writer that can act on feedback (the offline writer
   * writes from the attributes alone, so it would write the same text again).
   */
  static boolean mayRevise(RunSpec spec) {
    return spec.capabilities().revises() && spec.config().validation().maxRevisions() > 0;
  }

  /**
   * Personas grouped into batches of about {@code batchSize} (by a hash of their id, so the same
   * personas always share a batch).
   */
  static PCollection<KV<Integer, Iterable<PersonaRecord>>> batched(
      PCollection<PersonaRecord> personas, long expected, int batchSize) {
    if (batchSize <= 1) {
      // Nothing to overlap (the offline writer answers at once): no shuffle, batches of one.
      return personas
          .apply(
              "SingleBatches",
              MapElements.into(
                      TypeDescriptors.kvs(
                          TypeDescriptors.integers(),
                          TypeDescriptors.iterables(TypeDescriptor.of(PersonaRecord.class))))
                  .via((PersonaRecord p) -> KV.of(0, (Iterable<PersonaRecord>) List.of(p))))
          .setCoder(KvCoder.of(VarIntCoder.of(), IterableCoder.of(PersonaRecordCoder.of())));
    }
    int batches =
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, (expected + batchSize - 1) / batchSize));
    return personas
        .apply(
            "KeyIntoBatches",
            MapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.integers(), TypeDescriptor.of(PersonaRecord.class)))
                .via((PersonaRecord p) -> KV.of(Shards.of(p.id(), batches), p)))
        .setCoder(KvCoder.of(VarIntCoder.of(), PersonaRecordCoder.of()))
        .apply("GroupBatches", GroupByKey.create());
  }

  /**
   * Runs a batch through the {@link ProposeReviseLoop}, emitting each persona from the element's
   * own processing as it finishes — never from {@code @FinishBundle}, whose outputs lost their
   * place in the Direct runner's watermarks — and feeding the counters from the loop's thread.
   */
  static final class ProposeReviseFn
      extends DoFn<KV<Integer, Iterable<PersonaRecord>>, PersonaRecord>
      implements ProposeReviseLoop.Tally {
    private final Shipped<RunSpec> shipped;
    private final Counter generated = Metrics.counter(Stats.NAMESPACE, Stats.GENERATED);
    private final Counter revisions = Metrics.counter(Stats.NAMESPACE, Stats.REVISIONS);
    private final Counter rejected = Metrics.counter(Stats.NAMESPACE, Stats.REJECTED);
    private final Counter calls = Metrics.counter(Stats.NAMESPACE, Stats.LLM_CALLS);
    private final Counter cacheHits = Metrics.counter(Stats.NAMESPACE, Stats.CACHE_HITS);
    private final Counter retries = Metrics.counter(Stats.NAMESPACE, Stats.RETRIES);
    private final Counter promptTokens = Metrics.counter(Stats.NAMESPACE, Stats.PROMPT_TOKENS);
    private final Counter completionTokens =
        Metrics.counter(Stats.NAMESPACE, Stats.COMPLETION_TOKENS);
    private transient GenerationEngine engine;
    private transient Validator validator;
    private transient ProposeReviseLoop loop;
    private transient SharedEmbeddings embeddings;
    private transient DedupConfig.Compare compare;

    ProposeReviseFn(RunSpec spec) {
      this.shipped = Shipped.of(spec);
    }

    @Setup
    public void setup() {
      RunSpec spec = shipped.get();
      validator = Validator.of(spec.config().validation(), spec.taxonomy());
      Judges judges = judges(spec, validator);
      engine =
          GenerationEngine.open(
              spec.config().generator(),
              judges.models(),
              spec.taxonomy(),
              Path.of(spec.cacheDir()),
              spec.fresh());
      loop = new ProposeReviseLoop(engine, validator, judges, mayRevise(spec), window(spec));
      DedupConfig dedup = spec.config().dedup();
      if (dedup.enabled() && dedup.semantic().on()) {
        // Valid personas are embedded by a background thread while this step waits on the LLM
        // (CPU then, I/O now), so the dedup step finds their embeddings ready.
        embeddings = SharedEmbeddings.open(dedup.semantic(), Path.of(spec.cacheDir()));
        compare = dedup.compare();
      }
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<PersonaRecord>> batch, OutputReceiver<PersonaRecord> out)
        throws Exception {
      loop.run(
          batch.getValue().iterator(),
          this,
          p -> {
            if (embeddings != null && p.failedStage() == null) {
              embeddings.warm(List.of(DedupText.of(p.narrative(), p.attributes(), compare)));
            }
            out.output(p);
          });
    }

    @FinishBundle
    public void finishBundle() {
      // What the engine knows per engine, not per persona: retries by cause, busy time, 429s.
      engine
          .drainRetriesByCause()
          .forEach((cause, n) -> Metrics.counter(Stats.NAMESPACE, Stats.retriesBy(cause)).inc(n));
      Map<String, Long> activity = engine.drainActivity();
      Metrics.counter(Stats.NAMESPACE, Stats.LLM_BUSY_MS).inc(activity.getOrDefault("busy_ms", 0L));
      Metrics.counter(Stats.NAMESPACE, Stats.LLM_OVERLOADS)
          .inc(activity.getOrDefault("overloads", 0L));
    }

    @Teardown
    public void teardown() {
      if (engine != null) {
        engine.close();
      }
    }

    @Override
    public void drafted() {
      generated.inc();
    }

    @Override
    public void revised() {
      revisions.inc();
    }

    @Override
    public void rejected() {
      rejected.inc();
    }

    @Override
    public void judged(JudgeOutcome outcome) {
      // Judge calls are LLM calls like drafts: the same figures count them.
      retries.inc(Math.max(0, outcome.attempts() - 1));
      if (outcome.cacheHit()) {
        cacheHits.inc();
      } else {
        calls.inc(outcome.attempts());
        promptTokens.inc(outcome.promptTokens());
        completionTokens.inc(outcome.completionTokens());
      }
    }

    @Override
    public void answered(Outcome outcome) {
      retries.inc(Math.max(0, outcome.attempts() - 1));
      if (outcome instanceof Outcome.Success s) {
        if (s.cacheHit()) {
          cacheHits.inc();
        } else {
          calls.inc(s.attempts()); // 0 for the offline writer: it calls no LLM
          promptTokens.inc(s.draft().promptTokens());
          completionTokens.inc(s.draft().completionTokens());
        }
      } else {
        calls.inc(outcome.attempts());
      }
    }
  }
}
