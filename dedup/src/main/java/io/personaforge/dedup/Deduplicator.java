package io.personaforge.dedup;

import io.personaforge.dedup.lexical.CommonShingles;
import io.personaforge.dedup.lexical.LexicalDedup;
import io.personaforge.dedup.lexical.LexicalSketch;
import io.personaforge.dedup.semantic.Embedder;
import io.personaforge.dedup.semantic.SemanticDedup;
import io.personaforge.dedup.semantic.SemanticSketch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Deduplicates documents in memory by the same three steps the pipeline runs, with primitive hash
 * maps standing in for GroupByKey: sketch and block keys per document, {@code resolveBlock} per
 * block of two or more, {@link Verdicts} per document. Because each step is pure and the verdict is
 * a minimum under a total order, its answer is identical to the pipeline's.
 *
 * <p>Usage: {@link #add} every document (any order), then {@link #finish()} once. Texts are not
 * kept (only sketches, ~1 KB per 150-word text), so a million documents fit in ~1.5 GB. Not
 * thread-safe.
 */
public final class Deduplicator {
  /** Texts embedded per call: large enough to keep both cores busy inside the model. */
  public static final int DEFAULT_EMBED_BATCH = 64;

  private final DedupConfig config;
  private final LexicalDedup lexical;
  private final SemanticDedup semantic;
  private final Embedder embedder;
  private final boolean collectPairs;
  private final List<LexicalSketch> lexicalSketches = new ArrayList<>();
  private final List<SemanticSketch> semanticSketches = new ArrayList<>();
  private final List<Doc> pendingEmbeds = new ArrayList<>();
  private long embedded;
  private long embedNanos;
  private long sketchNanos;
  private boolean finished;

  /**
   * @param config dedup settings; when {@code config.enabled()} is false nothing is a duplicate
   * @param embedder the embedder for semantic dedup, or null for none
   * @param collectPairs whether {@link DedupResult#pairs()} lists every verified pair (evaluation)
   * @throws IllegalArgumentException if semantic dedup is on but no embedder is given
   */
  public Deduplicator(DedupConfig config, Embedder embedder, boolean collectPairs) {
    this.config = config;
    this.lexical = new LexicalDedup(config.lexical());
    boolean semanticOn = config.enabled() && config.semantic().on();
    if (semanticOn && embedder == null) {
      throw new IllegalArgumentException("semantic dedup is on but no embedder was given");
    }
    this.semantic = semanticOn ? new SemanticDedup(config.semantic()) : null;
    this.embedder = semanticOn ? embedder : null;
    this.collectPairs = collectPairs;
  }

  /** Lexical and exact dedup only (semantic off whatever the config says). */
  public static Deduplicator lexicalOnly(LexicalConfig lexical, boolean collectPairs) {
    DedupConfig config =
        new DedupConfig(true, lexical, SemanticConfig.defaults().withEnabled(false), null);
    return new Deduplicator(config, null, collectPairs);
  }

  /** Whether semantic dedup runs. */
  public boolean semantic() {
    return semantic != null;
  }

  public void add(Doc doc) {
    if (finished) {
      throw new IllegalStateException("add after finish");
    }
    long t0 = System.nanoTime();
    lexicalSketches.add(lexical.shingled(doc));
    sketchNanos += System.nanoTime() - t0;
    if (semantic != null) {
      pendingEmbeds.add(doc);
      if (pendingEmbeds.size() >= DEFAULT_EMBED_BATCH) {
        embedPending();
      }
    }
  }

  /**
   * Adds documents in order; their lexical sketches are computed on all cores (each sketch is a
   * pure function of its document, so the result is the same as adding them one by one).
   */
  public void addAll(List<Doc> docs) {
    if (finished) {
      throw new IllegalStateException("add after finish");
    }
    long t0 = System.nanoTime();
    LexicalSketch[] sketches = new LexicalSketch[docs.size()];
    IntStream.range(0, docs.size())
        .parallel()
        .forEach(i -> sketches[i] = lexical.shingled(docs.get(i)));
    lexicalSketches.addAll(Arrays.asList(sketches));
    sketchNanos += System.nanoTime() - t0;
    if (semantic != null) {
      for (Doc doc : docs) {
        pendingEmbeds.add(doc);
        if (pendingEmbeds.size() >= DEFAULT_EMBED_BATCH) {
          embedPending();
        }
      }
    }
  }

  private void embedPending() {
    if (pendingEmbeds.isEmpty()) {
      return;
    }
    long t0 = System.nanoTime();
    List<float[]> vectors = embedder.embedAll(pendingEmbeds.stream().map(Doc::text).toList());
    embedNanos += System.nanoTime() - t0;
    embedded += pendingEmbeds.size();
    long t1 = System.nanoTime();
    for (int i = 0; i < pendingEmbeds.size(); i++) {
      semanticSketches.add(semantic.sketch(pendingEmbeds.get(i).ref(), vectors.get(i)));
    }
    sketchNanos += System.nanoTime() - t1;
    pendingEmbeds.clear();
  }

  /** Resolves every block and returns one verdict per duplicate. */
  public DedupResult finish() {
    if (finished) {
      throw new IllegalStateException("finish called twice");
    }
    finished = true;
    if (semantic != null) {
      embedPending();
    }
    long t0 = System.nanoTime();
    signLexicalSketches();
    sketchNanos += System.nanoTime() - t0;
    t0 = System.nanoTime();
    Map<DocRef, DuplicateMatch> verdicts = new HashMap<>();
    List<DuplicateMatch> pairs = new ArrayList<>();
    long[] blocks = {0};
    int[] largest = {0};
    int n = lexicalSketches.size();
    if (config.enabled()) {
      Function<List<LexicalSketch>, List<DuplicateMatch>> lex =
          collectPairs ? lexical::matchesInBlock : lexical::resolveBlock;
      long[] keys = new long[n];
      for (int i = 0; i < n; i++) {
        keys[i] = lexicalSketches.get(i).exactKey();
      }
      resolveGroups(keys, null, lexicalSketches, lex, verdicts, pairs, blocks, largest);
      int bands = config.lexical().enabled() ? config.lexical().bands() : 0;
      // A text with no word has no band keys; it can only be an exact duplicate.
      boolean[] noBands = new boolean[n];
      for (int i = 0; i < n; i++) {
        noBands[i] = lexicalSketches.get(i).bandKeys().length == 0;
      }
      for (int b = 0; b < bands; b++) {
        for (int i = 0; i < n; i++) {
          long[] bk = lexicalSketches.get(i).bandKeys();
          keys[i] = noBands[i] ? 0 : bk[b];
        }
        resolveGroups(keys, noBands, lexicalSketches, lex, verdicts, pairs, blocks, largest);
      }
      if (semantic != null) {
        Function<List<SemanticSketch>, List<DuplicateMatch>> sem =
            collectPairs ? semantic::matchesInBlock : semantic::resolveBlock;
        for (int t = 0; t < config.semantic().tables(); t++) {
          for (int i = 0; i < n; i++) {
            keys[i] = semanticSketches.get(i).bucketKeys()[t];
          }
          resolveGroups(keys, null, semanticSketches, sem, verdicts, pairs, blocks, largest);
        }
      }
    }
    List<DuplicateMatch> duplicates = new ArrayList<>(verdicts.values());
    duplicates.sort((a, b) -> DocRef.KEEP_FIRST.compare(a.doc(), b.doc()));
    long resolveNanos = System.nanoTime() - t0;
    return new DedupResult(
        n,
        List.copyOf(duplicates),
        collectPairs ? dedupePairs(pairs) : List.of(),
        new DedupResult.Stats(
            semantic != null,
            embedded,
            embedNanos,
            sketchNanos,
            resolveNanos,
            blocks[0],
            largest[0]));
  }

  /**
   * Band keys need the corpus's common shingles, known once every document is in: count them in the
   * same id-hash sample as the pipeline (at the rate for this many documents), then sign every
   * sketch on all cores.
   */
  private void signLexicalSketches() {
    double rate = CommonShingles.sampleRate(lexicalSketches.size());
    CommonShingles.Counter counter = new CommonShingles.Counter();
    for (LexicalSketch s : lexicalSketches) {
      if (CommonShingles.sampled(s.ref(), rate)) {
        counter.add(s.shingles());
      }
    }
    CommonShingles common = counter.build(config.lexical().commonShare());
    LexicalSketch[] signed = lexicalSketches.toArray(new LexicalSketch[0]);
    IntStream.range(0, signed.length)
        .parallel()
        .forEach(i -> signed[i] = lexical.signed(signed[i], common));
    lexicalSketches.clear();
    lexicalSketches.addAll(Arrays.asList(signed));
  }

  private static <S> void resolveGroups(
      long[] keys,
      boolean[] skip,
      List<S> sketches,
      Function<List<S>, List<DuplicateMatch>> resolver,
      Map<DocRef, DuplicateMatch> verdicts,
      List<DuplicateMatch> pairs,
      long[] blocks,
      int[] largest) {
    LongGroups.forEachGroup(
        keys,
        skip,
        sketches.size(),
        members -> {
          blocks[0]++;
          largest[0] = Math.max(largest[0], members.length);
          List<S> block = new ArrayList<>(members.length);
          for (int m : members) {
            block.add(sketches.get(m));
          }
          for (DuplicateMatch m : resolver.apply(block)) {
            verdicts.merge(m.doc(), m, Verdicts::better);
            pairs.add(m);
          }
        });
  }

  /** Each (doc, duplicateOf) pair once, keeping its best match (exact beats lexical, etc.). */
  private static List<DuplicateMatch> dedupePairs(List<DuplicateMatch> pairs) {
    Map<List<DocRef>, DuplicateMatch> best = new HashMap<>();
    for (DuplicateMatch m : pairs) {
      best.merge(List.of(m.doc(), m.duplicateOf()), m, Verdicts::better);
    }
    List<DuplicateMatch> out = new ArrayList<>(best.values());
    out.sort(
        (a, b) -> {
          int c = DocRef.KEEP_FIRST.compare(a.doc(), b.doc());
          return c != 0 ? c : DocRef.KEEP_FIRST.compare(a.duplicateOf(), b.duplicateOf());
        });
    return out;
  }

  @Override
  public String toString() {
    return "Deduplicator" + Arrays.asList(config, semantic != null);
  }
}
