package io.personaforge.dedup.bench;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.Deduplicator;
import io.personaforge.dedup.SemanticConfig;
import io.personaforge.dedup.SpcEvaluation;
import io.personaforge.dedup.semantic.MiniLmEmbedder;
import io.personaforge.dedup.semantic.SemanticSketch;
import io.personaforge.dedup.semantic.WordPieceCap;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code bench/run embeddings [TEXTS] [spc]}: semantic dedup's embedding cost and what the faster
 * settings give up. TEXTS (default 200) persona-length texts of 150–400 words are built from
 * Synthetic-Persona-Chat persona sentences; each model (full, quantized) and word-piece cap (126,
 * all the local model reads; 96; 64) embeds them in batches of 64 and prints texts/s, the cosine of
 * each text's vector with the full model's, and on near-copy pairs (one sentence swapped, order
 * kept; sentences re-ordered) how far pair cosines move and how many verdicts at the 0.9 threshold
 * flip; then the default setting one text per call. With {@code spc}, precision and recall of the
 * whole dedup (lexical + semantic) on the SPC validation split per setting. Every figure line
 * carries the machine's load average: the 2 cores are shared. Aim: the default setting embeds ≥ 120
 * texts/s (what an LLM at 200 ms × 32 in flight delivers), so that semantic dedup never holds a run
 * back.
 */
public final class EmbeddingBench {
  static final double AIM_TEXTS_PER_SECOND = 120;
  private static final int BATCH = 64;

  record Setting(String model, int maxTokens) {
    String label() {
      return (model.equals(SemanticConfig.FULL_MINILM) ? "full" : "quantized")
          + " / "
          + maxTokens
          + (maxTokens == SemanticConfig.MINILM_MAX_WORD_PIECES
              ? " pieces (all it reads)"
              : " pieces");
    }
  }

  private static String load() {
    return String.format(
        "load %.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** Persona-length texts: SPC persona sentences, 150–400 words each, no sentence reused. */
  static List<List<String>> texts(int n, List<String> spc) {
    List<String> sentences = new ArrayList<>();
    for (String persona : spc) {
      for (String line : persona.split("\n")) {
        if (!line.isBlank()) {
          sentences.add(line.strip());
        }
      }
    }
    SplittableRandom r = new SplittableRandom(13);
    List<List<String>> out = new ArrayList<>(n);
    int next = 0;
    for (int i = 0; i < n; i++) {
      int words = 150 + r.nextInt(251);
      List<String> text = new ArrayList<>();
      int count = 0;
      while (count < words) {
        String s = sentences.get(next++ % sentences.size());
        text.add(s);
        count += s.split("\\s+").length;
      }
      out.add(text);
    }
    return out;
  }

  private static List<float[]> embed(MiniLmEmbedder e, List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += BATCH) {
      out.addAll(e.embedAll(texts.subList(from, Math.min(texts.size(), from + BATCH))));
    }
    return out;
  }

  private static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) {
      n += (double) x * x;
    }
    float[] u = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      u[i] = (float) (v[i] / Math.sqrt(n));
    }
    return u;
  }

  private static double cos(float[] a, float[] b) {
    return SemanticSketch.cosine(unit(a), unit(b));
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 200;
    boolean spc = args.length > 1 && args[1].equals("spc");
    List<String> persona = SpcEvaluation.distinctPersonas("test");
    List<List<String>> sentences = texts(n, persona);
    List<String> texts = new ArrayList<>();
    List<String> swapped = new ArrayList<>();
    List<String> reordered = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < n; i++) {
      List<String> s = sentences.get(i);
      texts.add(String.join(" ", s));
      List<String> w = new ArrayList<>(s);
      // One sentence swapped for a sentence of another text, the order kept.
      List<String> donor = sentences.get((i + n / 2) % n);
      w.set(r.nextInt(w.size()), donor.get(r.nextInt(donor.size())));
      swapped.add(String.join(" ", w));
      List<String> o = new ArrayList<>(s);
      java.util.Collections.shuffle(o, new java.util.Random(i));
      reordered.add(String.join(" ", o));
    }
    long pieces = 0;
    for (String t : texts) {
      pieces += WordPieceCap.count(t);
    }
    long words = texts.stream().mapToLong(t -> t.split("\\s+").length).sum();
    System.out.printf(
        "texts: %d of 150-400 words (mean %d words, %d word pieces); %d processors; %s%n",
        n, words / n, pieces / n, Runtime.getRuntime().availableProcessors(), load());

    List<Setting> settings =
        List.of(
            new Setting(SemanticConfig.FULL_MINILM, 126),
            new Setting(SemanticConfig.QUANTIZED_MINILM, 126),
            new Setting(SemanticConfig.QUANTIZED_MINILM, 96),
            new Setting(SemanticConfig.QUANTIZED_MINILM, 64));
    // Before: langchain4j's own full model (a thread per text against a spinning thread pool).
    {
      dev.langchain4j.model.embedding.EmbeddingModel before =
          new dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel();
      List<dev.langchain4j.data.segment.TextSegment> segments =
          texts.stream().map(dev.langchain4j.data.segment.TextSegment::from).toList();
      before.embedAll(segments.subList(0, Math.min(8, n)));
      String was = load();
      long t = System.nanoTime();
      for (int from = 0; from < n; from += BATCH) {
        before.embedAll(segments.subList(from, Math.min(n, from + BATCH)));
      }
      System.out.printf(
          "%-24s %6.1f texts/s (%s -> %s)%n",
          "langchain4j's own full", n / ((System.nanoTime() - t) / 1e9), was, load());
    }
    List<float[]> base = null;
    List<float[]> baseSwapped = null;
    List<float[]> baseReordered = null;
    double defaultRate = 0;
    for (Setting s : settings) {
      MiniLmEmbedder e = new MiniLmEmbedder(s.model(), s.maxTokens());
      e.embedAll(texts.subList(0, Math.min(8, n))); // loads the model, warms the runtime
      String before = load();
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      List<float[]> v = embed(e, texts);
      double rate = n / ((System.nanoTime() - t0) / 1e9);
      // CPU per text (every thread of the process, the model's native ones included): unlike the
      // rate, it barely moves with what else runs on the shared cores.
      double cpuMs = (processCpuNanos() - cpu0) / 1e6 / n;
      List<float[]> vs = embed(e, swapped);
      List<float[]> vr = embed(e, reordered);
      if (base == null) {
        base = v;
        baseSwapped = vs;
        baseReordered = vr;
      }
      double selfMean = 0;
      double selfMin = 1;
      for (int i = 0; i < n; i++) {
        double c = cos(v.get(i), base.get(i));
        selfMean += c / n;
        selfMin = Math.min(selfMin, c);
      }
      String pairs =
          pairFigures("one-swap", v, vs, base, baseSwapped)
              + "; "
              + pairFigures("re-ordered", v, vr, base, baseReordered);
      System.out.printf(
          "%-24s %6.1f texts/s, %.1f CPU ms per text (%s -> %s); vs full/126: cosine mean %.4f,"
              + " min %.4f; %s%n",
          s.label(), rate, cpuMs, before, load(), selfMean, selfMin, pairs);
      if (s.model().equals(SemanticConfig.DEFAULT_MODEL)
          && s.maxTokens() == SemanticConfig.DEFAULT_MAX_TOKENS) {
        defaultRate = rate;
        // Batching: the same texts one call each (what a caller embedding persona by persona pays).
        long t1 = System.nanoTime();
        for (String t : texts) {
          e.embedAll(List.of(t));
        }
        System.out.printf(
            "%-24s %6.1f texts/s one text per call (%s)%n",
            s.label(), n / ((System.nanoTime() - t1) / 1e9), load());
      }
      if (spc) {
        Deduplicator d =
            new Deduplicator(
                new DedupConfig(
                    true,
                    null,
                    SemanticConfig.defaults()
                        .withLocalModel(s.model(), s.maxTokens())
                        .withEnabled(true),
                    null),
                e,
                true);
        SpcEvaluation.Result res = SpcEvaluation.evaluate("valid", d);
        System.out.printf(
            "%-24s SPC valid: precision %.3f, recall %.3f (%d semantic duplicates); %s%n",
            s.label(), res.precision(), res.recall(), res.dedup().count("semantic"), load());
      }
    }
    System.out.printf(
        "aim: the default (%s, %d pieces) >= %.0f texts/s on persona-length texts%nratio to aim:"
            + " %.2f%n",
        SemanticConfig.DEFAULT_MODEL,
        SemanticConfig.DEFAULT_MAX_TOKENS,
        AIM_TEXTS_PER_SECOND,
        defaultRate / AIM_TEXTS_PER_SECOND);
  }

  /** Mean and largest move of pair cosines against full/126, and verdicts flipped at 0.9. */
  private static String pairFigures(
      String name, List<float[]> a, List<float[]> b, List<float[]> baseA, List<float[]> baseB) {
    double meanDiff = 0;
    double maxDiff = 0;
    double meanBase = 0;
    int flips = 0;
    int dupBase = 0;
    int dup = 0;
    int n = a.size();
    for (int i = 0; i < n; i++) {
      double c = cos(a.get(i), b.get(i));
      double cb = cos(baseA.get(i), baseB.get(i));
      meanBase += cb / n;
      meanDiff += Math.abs(c - cb) / n;
      maxDiff = Math.max(maxDiff, Math.abs(c - cb));
      boolean d = c >= SemanticConfig.DEFAULT_THRESHOLD;
      boolean db = cb >= SemanticConfig.DEFAULT_THRESHOLD;
      dup += d ? 1 : 0;
      dupBase += db ? 1 : 0;
      flips += d != db ? 1 : 0;
    }
    return String.format(
        "%s pairs (full/126 cosine %.3f): |diff| mean %.4f max %.4f, >= 0.9: %d (full/126 %d),"
            + " %d flipped",
        name, meanBase, meanDiff, maxDiff, dup, dupBase, flips);
  }
}
