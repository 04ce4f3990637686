package io.personaforge.pipelines;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.DuplicateMatch;
import io.personaforge.dedup.Verdicts;
import io.personaforge.dedup.lexical.LexicalSketch;
import io.personaforge.dedup.semantic.SemanticSketch;
import io.personaforge.pipelines.dedup.Blocking;
import io.personaforge.pipelines.dedup.EmbedPersonas;
import io.personaforge.pipelines.dedup.LexicalBlocking;
import io.personaforge.pipelines.dedup.ResolveBlocks;
import io.personaforge.pipelines.dedup.SemanticBlocking;
import io.personaforge.pipelines.dedup.SignSketches;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Finds the personas whose narrative is an exact or near duplicate of an earlier persona's (earlier
 * round, then lower ordinal), including personas accepted in earlier rounds. Each persona becomes a
 * small sketch — shingle hashes and MinHash band keys (lexical), and when semantic dedup is on an
 * embedding (read back from the run's {@link io.personaforge.pipelines.dedup.SharedEmbeddings} when
 * an attempt or the generation step's warming computed it) with hyperplane buckets; earlier rounds'
 * personas come in as the sketches their round kept ({@link PersonaSketch}); blocks of sketches
 * sharing a key are resolved in parallel ({@link ResolveBlocks}), each duplicate gets one
 * deterministic verdict (earliest duplicate_of, then higher similarity), and the (usually few)
 * duplicates come back as a side input: persona id to its {@link DuplicateVerdict}, read by {@link
 * SettlePersonas}. The answer depends only on the texts, never on bundling or arrival order.
 */
public final class FindDuplicates
    extends PTransform<PCollection<PersonaRecord>, PCollectionView<Map<String, DuplicateVerdict>>> {
  /**
   * Personas per shard: small enough to hold a shard's blocks in memory, large enough to amortise a
   * bundle.
   */
  static final long DEFAULT_PERSONAS_PER_SHARD = 20_000;

  static final int MIN_SHARDS = 2;
  static final int MAX_SHARDS = 4_096;

  private final DedupConfig config;
  private final long expected;
  private final int shards;
  private final PCollection<PersonaSketch> earlier;
  private final long earlierCount;
  private final String cacheDir;
  private final List<String> profilePaths;

  /**
   * @param config what is compared and how
   * @param expected how many personas to expect (sizes the shards)
   * @param earlier the sketches of the personas accepted in earlier rounds ({@link ReadSketches}):
   *     compared with, never output; may be null
   * @param earlierCount how many personas {@code earlier} holds (with {@code expected}, it sets the
   *     sample in which common shingles are counted)
   * @param cacheDir the run's cache folder ({@code OUT/.cache}), where embeddings are kept across
   *     rounds and resumptions; required when semantic dedup is on
   * @param profilePaths the attributes whose values make a persona's profile (its quota and core
   *     attributes): personas whose profiles differ need stronger textual evidence to be duplicates
   *     ({@link io.personaforge.dedup.DocRef#required}); empty to compare texts alone
   */
  public FindDuplicates(
      DedupConfig config,
      long expected,
      PCollection<PersonaSketch> earlier,
      long earlierCount,
      String cacheDir,
      List<String> profilePaths) {
    if (config.semantic().on() && cacheDir == null) {
      throw new IllegalArgumentException("semantic dedup needs the run's cache folder");
    }
    this.config = config;
    this.cacheDir = cacheDir;
    this.expected = expected;
    this.earlierCount = earlierCount;
    this.shards =
        (int) Math.max(MIN_SHARDS, Math.min(MAX_SHARDS, expected / DEFAULT_PERSONAS_PER_SHARD + 1));
    this.earlier = earlier;
    this.profilePaths = List.copyOf(profilePaths);
  }

  @Override
  public PCollectionView<Map<String, DuplicateVerdict>> expand(PCollection<PersonaRecord> input) {
    PCollectionList<KV<Integer, DuplicateMatch>> matches =
        PCollectionList.empty(input.getPipeline());
    // The text step always runs: its exact-text key catches exact duplicates even when
    // near-duplicate (band) matching is switched off.
    LexicalBlocking lexical = new LexicalBlocking(config, profilePaths);
    PCollectionList<KV<Boolean, LexicalSketch>> shingled =
        PCollectionList.of(
            input.apply("SketchText", ParDo.of(new ShingleFn(lexical))).setCoder(flagged(lexical)));
    if (earlier != null) {
      // Earlier rounds' shingles as their round kept them: signed below with this round's
      // common shingles, exactly as if they had been shingled again from their texts.
      shingled =
          shingled.and(
              earlier
                  .apply("EarlierTextSketches", ParDo.of(new EarlierTextFn()))
                  .setCoder(flagged(lexical)));
    }
    matches =
        matches.and(
            shingled
                .apply("CombineTextSketches", Flatten.pCollections())
                .apply("SignTextSketches", new SignSketches(lexical, expected + earlierCount))
                .apply("ResolveTextBlocks", new ResolveBlocks<>(lexical, shards)));
    if (config.semantic().on()) {
      SemanticBlocking semantic = new SemanticBlocking(config, profilePaths);
      PCollectionList<KV<Boolean, SemanticSketch>> embedded =
          PCollectionList.of(
              input
                  .apply("EmbedCurrent", ParDo.of(new EmbedPersonas(semantic, cacheDir)))
                  .setCoder(flagged(semantic)));
      if (earlier != null) {
        embedded =
            embedded.and(
                earlier
                    .apply("EarlierEmbeddings", ParDo.of(new EarlierMeaningFn(semantic)))
                    .setCoder(flagged(semantic)));
      }
      matches =
          matches.and(
              embedded
                  .apply("CombineEmbeddings", Flatten.pCollections())
                  .apply("ResolveMeaningBlocks", new ResolveBlocks<>(semantic, shards)));
    }
    return matches
        .apply("CombineMatches", Flatten.pCollections())
        .setCoder(KvCoder.of(VarIntCoder.of(), SerializableCoder.of(DuplicateMatch.class)))
        .apply("GroupByPersona", GroupByKey.create())
        .apply("PickVerdicts", ParDo.of(new VerdictFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), DuplicateVerdictCoder.of()))
        .apply("AsMap", View.asMap());
  }

  /** The coder of sketches flagged earlier ({@code true}) or current. */
  private static <S extends Serializable> KvCoder<Boolean, S> flagged(Blocking<S> blocking) {
    return KvCoder.of(BooleanCoder.of(), blocking.sketchCoder());
  }

  /** A current persona's unsigned lexical sketch, flagged current. */
  static final class ShingleFn extends DoFn<PersonaRecord, KV<Boolean, LexicalSketch>> {
    private final LexicalBlocking lexical;

    ShingleFn(LexicalBlocking lexical) {
      this.lexical = lexical;
    }

    @ProcessElement
    public void process(@Element PersonaRecord p, OutputReceiver<KV<Boolean, LexicalSketch>> out) {
      // Rejected personas travel in the same stream but are nobody's original.
      if (p.failedStage() == null) {
        out.output(KV.of(false, lexical.shingled(p)));
      }
    }
  }

  /** An earlier round's kept lexical sketch, flagged earlier. */
  static final class EarlierTextFn extends DoFn<PersonaSketch, KV<Boolean, LexicalSketch>> {
    @ProcessElement
    public void process(@Element PersonaSketch s, OutputReceiver<KV<Boolean, LexicalSketch>> out) {
      out.output(KV.of(true, s.lexical()));
    }
  }

  /** An earlier round's kept embedding as a semantic sketch, flagged earlier. */
  static final class EarlierMeaningFn extends DoFn<PersonaSketch, KV<Boolean, SemanticSketch>> {
    private final SemanticBlocking semantic;

    EarlierMeaningFn(SemanticBlocking semantic) {
      this.semantic = semantic;
    }

    @ProcessElement
    public void process(@Element PersonaSketch s, OutputReceiver<KV<Boolean, SemanticSketch>> out) {
      if (s.embedding() == null) {
        throw new IllegalStateException(
            "the sketch of "
                + s.key().id()
                + " holds no embedding: its round ran without semantic dedup");
      }
      out.output(KV.of(true, semantic.sketch(s.ref(), s.embedding())));
    }
  }

  /** Per persona with matches: the one verdict (earliest duplicate_of, then higher similarity). */
  static final class VerdictFn
      extends DoFn<KV<Integer, Iterable<DuplicateMatch>>, KV<String, DuplicateVerdict>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<DuplicateMatch>> shard,
        OutputReceiver<KV<String, DuplicateVerdict>> out) {
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
                            new DuplicateVerdict(
                                m.duplicateOf().id(), m.similarity(), m.method()))));
      }
    }
  }
}
