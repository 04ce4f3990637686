package io.personaforge.dedup.bench;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.DedupResult;
import io.personaforge.dedup.Deduplicator;
import io.personaforge.dedup.Doc;
import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.LexicalConfig;
import io.personaforge.dedup.SemanticConfig;
import io.personaforge.dedup.semantic.MiniLmEmbedder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench/run dedup [LEXICAL_DOCS] [SEMANTIC_DOCS] [varied|similar]}: lexical dedup of
 * LEXICAL_DOCS (default 1,000,000) generated ~150-word texts, 1% of them planted near-copies,
 * through the three steps (in memory); then semantic dedup of SEMANTIC_DOCS (default 2,000) texts.
 * Prints docs/s, peak heap, recall of the planted copies, embedding rate and the share of time
 * spent embedding. Aims: ≥ 5,000 docs/s and < 4 GB heap for lexical; {@code similar} texts (sharing
 * most of their wording, see {@link BenchTexts#similar()}) at no less than half the varied texts'
 * rate.
 */
public final class DedupBench {
  static final double AIM_DOCS_PER_SECOND = 5_000;
  static final double AIM_HEAP_BYTES = 4e9;
  private static final int BATCH = 10_000;

  private final BenchTexts texts;

  private DedupBench(BenchTexts texts) {
    this.texts = texts;
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  public static void main(String[] args) {
    int lexicalDocs = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
    int semanticDocs = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 2_000;
    boolean similar = args.length > 2 && args[2].equals("similar");
    DedupBench bench = new DedupBench(similar ? BenchTexts.similar() : new BenchTexts());
    System.out.println(similar ? "texts: similar (15 of 20 shared frames)" : "texts: varied");

    System.gc();
    resetPeaks();
    Deduplicator lexical = Deduplicator.lexicalOnly(LexicalConfig.defaults(), false);
    long dedupNanos = 0;
    for (int from = 0; from < lexicalDocs; from += BATCH) {
      List<Doc> batch = new ArrayList<>(BATCH);
      for (int i = from; i < Math.min(lexicalDocs, from + BATCH); i++) {
        batch.add(new Doc(new DocRef("d" + i, 0, i), bench.texts.text(i)));
      }
      long t0 = System.nanoTime();
      lexical.addAll(batch);
      dedupNanos += System.nanoTime() - t0;
    }
    System.gc();
    long live = usedHeap(); // the sketches of every document, held until finish
    long t1 = System.nanoTime();
    DedupResult result = lexical.finish();
    dedupNanos += System.nanoTime() - t1;
    long heap = peakHeap();
    long maxHeap = Runtime.getRuntime().maxMemory();
    double seconds = dedupNanos / 1e9;
    double docsPerSecond = lexicalDocs / seconds;
    long planted = lexicalDocs / 100;
    long caught = result.duplicates().stream().filter(m -> m.doc().ordinal() % 100 == 99).count();
    long others = result.duplicates().size() - caught;
    System.out.printf(
        "lexical: %,d docs in %.1f s = %,.0f docs/s (sketch %.1f s, blocks %.1f s; %,d blocks,"
            + " largest %d); peak heap %.2f GB (-Xmx %.1f GB), live before finish %.2f GB%n",
        lexicalDocs,
        seconds,
        docsPerSecond,
        result.stats().sketchNanos() / 1e9,
        result.stats().resolveNanos() / 1e9,
        result.stats().blocks(),
        result.stats().largestBlock(),
        heap / 1e9,
        maxHeap / 1e9,
        live / 1e9);
    System.out.printf(
        "lexical: planted near-copies caught %,d of %,d; other documents flagged %,d%n",
        caught, planted, others);

    if (semanticDocs > 0) {
      DedupConfig config =
          new DedupConfig(true, null, SemanticConfig.defaults().withEnabled(true), null);
      long tLoad = System.nanoTime();
      MiniLmEmbedder embedder = new MiniLmEmbedder();
      double load = (System.nanoTime() - tLoad) / 1e9;
      Deduplicator semantic = new Deduplicator(config, embedder, false);
      long t2 = System.nanoTime();
      for (int i = 0; i < semanticDocs; i++) {
        semantic.add(new Doc(new DocRef("d" + i, 0, i), bench.texts.text(i)));
      }
      DedupResult sr = semantic.finish();
      double total = (System.nanoTime() - t2) / 1e9;
      System.out.printf(
          "semantic: %,d docs in %.1f s = %.0f docs/s; embedding %.0f texts/s, %.0f%% of the"
              + " time (model load %.1f s not counted); %d duplicates (%d semantic)%n",
          semanticDocs,
          total,
          semanticDocs / total,
          sr.stats().embeddingRate(),
          100 * sr.stats().embedNanos() / 1e9 / total,
          load,
          sr.duplicates().size(),
          sr.count("semantic"));
    }
    double ratio = Math.min(docsPerSecond / AIM_DOCS_PER_SECOND, AIM_HEAP_BYTES / heap);
    System.out.printf(
        "aim: >= %,.0f docs/s and < %.0f GB heap (lexical)%nratio to aim: %.2f%n",
        AIM_DOCS_PER_SECOND, AIM_HEAP_BYTES / 1e9, ratio);
  }
}
