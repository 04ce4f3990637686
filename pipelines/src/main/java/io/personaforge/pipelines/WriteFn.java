package io.personaforge.pipelines;

import io.personaforge.generator.Draft;
import io.personaforge.generator.GenerationEngine;
import io.personaforge.generator.Outcome;
import io.personaforge.generator.WriteRequest;
import io.personaforge.sampler.Seeds;
import io.personaforge.taxonomy.AttributeSet;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes first drafts or revisions through the run's {@link GenerationEngine}, keeping many
 * requests in flight per worker rather than one per runner thread: personas arrive in batches (see
 * {@link #batched}), each batch's requests are submitted at once (at most {@link
 * #DEFAULT_MAX_PENDING_PER_SLOT} × concurrency pending) and results are emitted in order as they
 * complete, all within the element's own processing — never from {@code @FinishBundle}, whose
 * outputs lost their place in the Direct runner's watermarks. Every {@code WriteFn} instance in a
 * JVM shares one engine and so one budget of in-flight calls.
 *
 * <p>Output: every persona, with a (new) draft, or rejected ({@code failedStage} "generation") when
 * its draft could not be written after retries, with the reason and the raw output — one stream,
 * the rejected ones travelling with the rest to the tables. A fatal error (bad key, unknown model,
 * persistent failures) fails the bundle, and so the run.
 */
final class WriteFn extends DoFn<KV<Integer, Iterable<PersonaRecord>>, PersonaRecord> {
  /** Pending requests per unit of concurrency: enough to keep every slot busy while emitting. */
  static final int DEFAULT_MAX_PENDING_PER_SLOT = 4;

  private final Shipped<RunSpec> shipped;
  private final boolean revise;
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
  private transient int maxPending;

  /**
   * @param spec the run
   * @param revise true to write revisions of failing personas, false for first drafts
   */
  WriteFn(RunSpec spec, boolean revise) {
    this.shipped = Shipped.of(spec);
    this.revise = revise;
  }

  private record Pending(PersonaRecord persona, CompletableFuture<Outcome> outcome) {}

  @Setup
  public void setup() {
    RunSpec spec = shipped.get();
    engine =
        GenerationEngine.open(
            spec.config().generator(), spec.taxonomy(), Path.of(spec.cacheDir()), spec.fresh());
    maxPending = DEFAULT_MAX_PENDING_PER_SLOT * spec.config().generator().concurrency();
  }

  @ProcessElement
  public void process(
      @Element KV<Integer, Iterable<PersonaRecord>> batch, OutputReceiver<PersonaRecord> out)
      throws Exception {
    ArrayDeque<Pending> pending = new ArrayDeque<>();
    for (PersonaRecord p : batch.getValue()) {
      pending.add(new Pending(p, engine.submit(request(p))));
      while (pending.size() > maxPending
          || (!pending.isEmpty() && pending.peek().outcome().isDone())) {
        out.output(finish(pending.poll()));
      }
    }
    while (!pending.isEmpty()) {
      out.output(finish(pending.poll()));
    }
  }

  /**
   * Writes {@code input} in batches (first drafts, or revisions when {@code revise}): every
   * persona, written or rejected.
   */
  static PCollection<PersonaRecord> writeAll(
      PCollection<PersonaRecord> input, RunSpec spec, long expected, boolean revise) {
    String name = revise ? "Revision" : "Draft";
    return batched(input, expected, batchSize(spec), name)
        .apply("Write" + name + "s", ParDo.of(new WriteFn(spec, revise)))
        .setCoder(PersonaRecordCoder.of());
  }

  /** The violations of a persona's latest attempt, one line each, as the writer is told them. */
  static List<String> feedback(PersonaRecord p) {
    List<String> lines = new java.util.ArrayList<>();
    for (PersonaRecord.Attempt a : p.violations()) {
      if (a.attempt() == p.revisions()) {
        lines.add(a.rule() + ": " + a.message());
      }
    }
    return lines;
  }

  /** Personas per batch: enough to keep every in-flight slot busy; 1 for the offline writer. */
  static int batchSize(RunSpec spec) {
    return spec.offline()
        ? 1
        : DEFAULT_MAX_PENDING_PER_SLOT * spec.config().generator().concurrency();
  }

  /**
   * Personas grouped into batches of about {@code batchSize} (by a hash of their id, so the same
   * personas always share a batch), ready for {@link WriteFn}.
   */
  static PCollection<KV<Integer, Iterable<PersonaRecord>>> batched(
      PCollection<PersonaRecord> personas, long expected, int batchSize, String name) {
    if (batchSize <= 1) {
      // Nothing to overlap (the offline writer answers at once): no shuffle, batches of one.
      return personas
          .apply(
              "Single" + name + "s",
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
            "KeyInto" + name + "Batches",
            MapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.integers(), TypeDescriptor.of(PersonaRecord.class)))
                .via((PersonaRecord p) -> KV.of(Shards.of(p.id(), batches), p)))
        .setCoder(KvCoder.of(VarIntCoder.of(), PersonaRecordCoder.of()))
        .apply("Group" + name + "Batches", GroupByKey.create());
  }

  /** Publishes the engine's retries by cause (not known per persona, only per engine). */
  @FinishBundle
  public void finishBundle() {
    engine
        .drainRetriesByCause()
        .forEach((cause, n) -> Metrics.counter(Stats.NAMESPACE, Stats.retriesBy(cause)).inc(n));
  }

  @Teardown
  public void teardown() {
    if (engine != null) {
      engine.close();
    }
  }

  private WriteRequest request(PersonaRecord p) {
    long seed = Seeds.mix(p.runSeed(), p.round(), p.ordinal());
    AttributeSet attrs = new AttributeSet(p.attributes());
    if (!revise) {
      return WriteRequest.first(p.id(), seed, attrs);
    }
    Draft previous = new Draft(p.narrative(), p.fields(), p.lastOutput(), 0, 0);
    return new WriteRequest(p.id(), seed, attrs, previous, feedback(p));
  }

  /** Waits for one request and turns its outcome into the persona's next state. */
  private PersonaRecord finish(Pending done) throws Exception {
    Outcome outcome;
    try {
      outcome = done.outcome().get();
    } catch (ExecutionException e) {
      // The engine stops the run for a bad key, an unknown model or persistent failures.
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    PersonaRecord p = done.persona();
    if (!revise) {
      generated.inc();
    }
    retries.inc(Math.max(0, outcome.attempts() - 1));
    if (outcome instanceof Outcome.Success s) {
      if (s.cacheHit()) {
        cacheHits.inc();
      } else {
        calls.inc(s.attempts()); // 0 for the offline writer: it calls no LLM
        promptTokens.inc(s.draft().promptTokens());
        completionTokens.inc(s.draft().completionTokens());
      }
      Draft d = s.draft();
      if (revise) {
        revisions.inc();
      }
      return p.withDraft(d.narrative(), d.fields(), d.rawOutput(), revise ? p.revisions() + 1 : 0);
    }
    Outcome.Failure f = (Outcome.Failure) outcome;
    calls.inc(f.attempts());
    rejected.inc();
    return p.rejected(
        "generation", (revise ? "revision failed: " : "") + f.reason(), f.rawOutput());
  }
}
