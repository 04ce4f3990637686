package io.personaforge.pipelines;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.DedupText;
import io.personaforge.dedup.Doc;
import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.DuplicateMatch;
import io.personaforge.dedup.Verdicts;
import io.personaforge.dedup.lexical.LexicalDedup;
import io.personaforge.dedup.lexical.LexicalSketch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Removes personas whose narrative is an exact or near duplicate of an earlier persona's (earlier
 * round, then lower ordinal), including personas accepted in earlier rounds. Each persona becomes a
 * small sketch (shingle hashes, exact key and MinHash band keys — see {@link LexicalDedup}); blocks
 * of sketches sharing a key are resolved in parallel, each duplicate gets one deterministic
 * verdict, and the (usually few) duplicates come back as a side input that splits the personas. The
 * answer depends only on the texts, never on bundling or arrival order, and equals that of the
 * in-memory {@link io.personaforge.dedup.Deduplicator}. Output {@link Outcomes#ALIVE}: unique
 * personas; {@link Outcomes#DUPLICATE}: the removed ones.
 *
 * <p>Block keys are grouped by shards of their hash rather than one Beam key each: Beam's Direct
 * runner starts one bundle per key after a GroupByKey, and each bundle costs milliseconds, while a
 * million personas have tens of millions of block keys. A sketch travels once per shard it has a
 * key in, not once per key.
 */
public final class RemoveDuplicates
    extends PTransform<PCollection<PersonaRecord>, PCollectionTuple> {
  /**
   * Personas per shard: small enough to hold a shard's blocks in memory, large enough to amortise a
   * bundle.
   */
  static final long DEFAULT_PERSONAS_PER_SHARD = 20_000;

  static final int MIN_SHARDS = 2;
  static final int MAX_SHARDS = 4_096;

  private final DedupConfig config;
  private final int shards;
  private final PCollection<PersonaRecord> earlier;

  /**
   * @param config what is compared and how
   * @param expected how many personas to expect (sizes the shards)
   * @param earlier personas accepted in earlier rounds: compared with, never output; may be null
   */
  public RemoveDuplicates(DedupConfig config, long expected, PCollection<PersonaRecord> earlier) {
    this.config = config;
    this.shards =
        (int) Math.max(MIN_SHARDS, Math.min(MAX_SHARDS, expected / DEFAULT_PERSONAS_PER_SHARD + 1));
    this.earlier = earlier;
  }

  @Override
  public PCollectionTuple expand(PCollection<PersonaRecord> input) {
    Coder<KV<Integer, KV<Boolean, LexicalSketch>>> sketchCoder =
        KvCoder.of(
            VarIntCoder.of(),
            KvCoder.of(BooleanCoder.of(), SerializableCoder.of(LexicalSketch.class)));
    PCollectionList<KV<Integer, KV<Boolean, LexicalSketch>>> sketches =
        PCollectionList.of(
            input
                .apply("SketchCurrent", ParDo.of(new SketchFn(config, shards, false)))
                .setCoder(sketchCoder));
    if (earlier != null) {
      sketches =
          sketches.and(
              earlier
                  .apply("SketchEarlier", ParDo.of(new SketchFn(config, shards, true)))
                  .setCoder(sketchCoder));
    }
    PCollectionView<Map<String, KV<String, KV<Double, String>>>> duplicates =
        sketches
            .apply("CombineWithEarlier", Flatten.pCollections())
            .apply("GroupBlockShards", GroupByKey.create())
            .apply("ResolveBlocks", ParDo.of(new ResolveFn(config, shards)))
            .setCoder(KvCoder.of(VarIntCoder.of(), SerializableCoder.of(DuplicateMatch.class)))
            .apply("GroupByPersona", GroupByKey.create())
            .apply("PickVerdicts", ParDo.of(new VerdictFn()))
            .setCoder(
                KvCoder.of(
                    StringUtf8Coder.of(),
                    KvCoder.of(
                        StringUtf8Coder.of(), KvCoder.of(DoubleCoder.of(), StringUtf8Coder.of()))))
            .apply("AsMap", View.asMap());
    PCollectionTuple out =
        input.apply(
            "SplitDuplicates",
            ParDo.of(new SplitFn(duplicates))
                .withSideInputs(duplicates)
                .withOutputTags(Outcomes.ALIVE, TupleTagList.of(Outcomes.DUPLICATE)));
    out.get(Outcomes.ALIVE).setCoder(PersonaRecordCoder.of());
    out.get(Outcomes.DUPLICATE).setCoder(DuplicateRowCoder.of());
    return out;
  }

  /** A stable shard of a key (String.hashCode is fixed by the Java spec, so every JVM agrees). */
  static int shardOf(String key, int shards) {
    return Math.floorMod(key.hashCode(), shards);
  }

  /** Sketches a persona and sends the sketch to each shard holding one of its block keys. */
  static final class SketchFn extends DoFn<PersonaRecord, KV<Integer, KV<Boolean, LexicalSketch>>> {
    private final DedupConfig config;
    private final int shards;
    private final boolean earlier;
    private transient LexicalDedup lexical;

    SketchFn(DedupConfig config, int shards, boolean earlier) {
      this.config = config;
      this.shards = shards;
      this.earlier = earlier;
    }

    @Setup
    public void setup() {
      lexical = new LexicalDedup(config.lexical());
    }

    @ProcessElement
    public void process(
        @Element PersonaRecord p, OutputReceiver<KV<Integer, KV<Boolean, LexicalSketch>>> out) {
      String text = DedupText.of(p.narrative(), p.attributes(), config.compare());
      LexicalSketch sketch =
          lexical.sketch(new Doc(new DocRef(p.id(), p.round(), p.ordinal()), text));
      java.util.BitSet sent = new java.util.BitSet(shards);
      for (String key : lexical.blockKeys(sketch)) {
        int shard = shardOf(key, shards);
        if (!sent.get(shard)) {
          sent.set(shard);
          out.output(KV.of(shard, KV.of(earlier, sketch)));
        }
      }
    }
  }

  /**
   * Per shard: the blocks whose key falls in it, each resolved on its own; emits the matches of
   * current personas, keyed by a shard of the persona's id.
   */
  static final class ResolveFn
      extends DoFn<KV<Integer, Iterable<KV<Boolean, LexicalSketch>>>, KV<Integer, DuplicateMatch>> {
    private final DedupConfig config;
    private final int shards;
    private transient LexicalDedup lexical;

    ResolveFn(DedupConfig config, int shards) {
      this.config = config;
      this.shards = shards;
    }

    @Setup
    public void setup() {
      lexical = new LexicalDedup(config.lexical());
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<KV<Boolean, LexicalSketch>>> shard,
        OutputReceiver<KV<Integer, DuplicateMatch>> out) {
      Map<String, List<LexicalSketch>> blocks = new HashMap<>();
      java.util.Set<String> earlierIds = new java.util.HashSet<>();
      for (KV<Boolean, LexicalSketch> e : shard.getValue()) {
        LexicalSketch s = e.getValue();
        if (e.getKey()) {
          earlierIds.add(s.ref().id());
        }
        for (String key : lexical.blockKeys(s)) {
          if (shardOf(key, shards) == shard.getKey()) {
            blocks.computeIfAbsent(key, k -> new ArrayList<>(2)).add(s);
          }
        }
      }
      for (List<LexicalSketch> block : blocks.values()) {
        if (block.size() < 2) {
          continue;
        }
        for (DuplicateMatch m : lexical.resolveBlock(block)) {
          if (!earlierIds.contains(m.doc().id())) {
            out.output(KV.of(shardOf(m.doc().id(), shards), m));
          }
        }
      }
    }
  }

  /** Per persona with matches: the one verdict (earliest duplicate_of, then higher similarity). */
  static final class VerdictFn
      extends DoFn<
          KV<Integer, Iterable<DuplicateMatch>>, KV<String, KV<String, KV<Double, String>>>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<DuplicateMatch>> shard,
        OutputReceiver<KV<String, KV<String, KV<Double, String>>>> out) {
      Map<String, List<DuplicateMatch>> byDoc = new HashMap<>();
      for (DuplicateMatch m : shard.getValue()) {
        byDoc.computeIfAbsent(m.doc().id(), k -> new ArrayList<>(2)).add(m);
      }
      for (List<DuplicateMatch> matches : byDoc.values()) {
        Verdicts.verdict(matches)
            .ifPresent(
                m ->
                    out.output(
                        KV.of(
                            m.doc().id(),
                            KV.of(m.duplicateOf().id(), KV.of(m.similarity(), m.method())))));
      }
    }
  }

  static final class SplitFn extends DoFn<PersonaRecord, PersonaRecord> {
    private final PCollectionView<Map<String, KV<String, KV<Double, String>>>> duplicates;
    private final Counter counter = Metrics.counter(Stats.NAMESPACE, Stats.DUPLICATES);

    SplitFn(PCollectionView<Map<String, KV<String, KV<Double, String>>>> duplicates) {
      this.duplicates = duplicates;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      PersonaRecord p = c.element();
      KV<String, KV<Double, String>> match = c.sideInput(duplicates).get(p.id());
      if (match == null) {
        c.output(p);
        return;
      }
      counter.inc();
      c.output(
          Outcomes.DUPLICATE,
          new DuplicateRow(
              p.id(),
              match.getKey(),
              match.getValue().getKey(),
              match.getValue().getValue(),
              p.round(),
              p.ordinal(),
              p.cell(),
              p.narrative()));
    }
  }
}
