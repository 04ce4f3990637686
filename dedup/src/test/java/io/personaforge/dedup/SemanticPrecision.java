package io.personaforge.dedup;

import io.personaforge.dedup.semantic.Embedder;
import io.personaforge.dedup.semantic.SemanticDedup;
import io.personaforge.dedup.semantic.SemanticSketch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Precision of the semantic verdict (MiniLM cosine ≥ threshold, every pair compared, no blocking)
 * on corpora that are not Synthetic-Persona-Chat's own personas.
 *
 * <p>The mixed corpus: distinct personas made of 4 sentences drawn at random from the pool of SPC
 * persona sentences, every third one sharing one sentence with an earlier persona (different people
 * who have one trait in common: the hard case), plus planted copies of earlier personas with their
 * sentences re-ordered, every second one also with one sentence swapped (the same person). As in
 * {@link SpcEvaluation}, two texts are the same person when their sentence sets have Jaccard ≥ 0.6.
 */
final class SemanticPrecision {
  /** One threshold's figures: pairs at or above it, those that are the same person. */
  record Point(double threshold, int predicted, int correct, int samePersonPairs) {
    double precision() {
      return predicted == 0 ? 1.0 : (double) correct / predicted;
    }

    double recall() {
      return samePersonPairs == 0 ? 1.0 : (double) correct / samePersonPairs;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "cosine >= %.2f: %d pairs, %d the same person: precision %.3f, recall %.3f",
          threshold,
          predicted,
          correct,
          precision(),
          recall());
    }
  }

  /** A corpus and, per text, its sentence set (the ground truth). */
  record Corpus(List<String> texts, List<Set<String>> sentences) {}

  private SemanticPrecision() {}

  /**
   * {@code distinct} personas of 4 pool sentences (every third shares one sentence with an earlier
   * one) and {@code copies} re-ordered copies of earlier personas (every second with one sentence
   * swapped), drawn by {@code seed}.
   */
  static Corpus mixed(long seed, int distinct, int copies) {
    List<String> pool = sentencePool();
    Random random = new Random(seed);
    List<List<String>> people = new ArrayList<>();
    for (int i = 0; i < distinct; i++) {
      List<String> p = new ArrayList<>();
      if (i % 3 == 2) {
        List<String> earlier = people.get(random.nextInt(people.size()));
        p.add(earlier.get(random.nextInt(earlier.size())));
      }
      while (p.size() < 4) {
        String s = pool.get(random.nextInt(pool.size()));
        if (!p.contains(s)) {
          p.add(s);
        }
      }
      Collections.shuffle(p, random);
      people.add(p);
    }
    for (int c = 0; c < copies; c++) {
      List<String> p = new ArrayList<>(people.get(random.nextInt(distinct)));
      if (c % 2 == 1) {
        String swap;
        do {
          swap = pool.get(random.nextInt(pool.size()));
        } while (p.contains(swap));
        p.set(random.nextInt(p.size()), swap);
      }
      Collections.shuffle(p, random);
      people.add(p);
    }
    List<String> texts = new ArrayList<>();
    List<Set<String>> sets = new ArrayList<>();
    for (List<String> p : people) {
      String text = String.join("\n", p);
      texts.add(text);
      sets.add(SpcEvaluation.sentences(text));
    }
    return new Corpus(texts, sets);
  }

  /** Every distinct persona sentence of the SPC splits, in first-appearance order. */
  static List<String> sentencePool() {
    Set<String> pool = new LinkedHashSet<>();
    List<String> texts = new ArrayList<>(SpcEvaluation.distinctPersonas("valid"));
    texts.addAll(SpcEvaluation.distinctPersonas("test"));
    for (String text : texts) {
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          pool.add(line.strip());
        }
      }
    }
    return new ArrayList<>(pool);
  }

  /** The SPC split's own personas as a corpus. */
  static Corpus spc(String split) {
    List<String> texts = SpcEvaluation.distinctPersonas(split);
    return new Corpus(texts, texts.stream().map(SpcEvaluation::sentences).toList());
  }

  /**
   * @param points precision and recall at each threshold
   * @param highestDifferent the highest cosine of two texts of different people
   */
  record Evaluation(List<Point> points, double highestDifferent) {
    void print() {
      points.forEach(p -> System.out.println("  " + p));
      System.out.printf(
          Locale.ROOT, "  highest cosine of two different people: %.4f%n", highestDifferent);
    }
  }

  /** Precision and recall of the cosine verdict at each threshold, every pair compared. */
  static Evaluation evaluate(Corpus corpus, Embedder embedder, double... thresholds) {
    // The sketch scales each embedding to unit length, as the verdict sees it.
    SemanticDedup unit = new SemanticDedup(SemanticConfig.defaults());
    List<float[]> vectors = new ArrayList<>();
    List<float[]> raw = embedder.embedAll(corpus.texts());
    for (int i = 0; i < raw.size(); i++) {
      vectors.add(unit.sketch(new DocRef("t" + i, 0, i), raw.get(i)).vector());
    }
    int n = vectors.size();
    int[] predicted = new int[thresholds.length];
    int[] correct = new int[thresholds.length];
    int same = 0;
    double highest = -1;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        boolean samePerson = jaccard(corpus.sentences().get(i), corpus.sentences().get(j)) >= 0.6;
        same += samePerson ? 1 : 0;
        double c = SemanticSketch.cosine(vectors.get(i), vectors.get(j));
        if (!samePerson) {
          highest = Math.max(highest, c);
        }
        for (int t = 0; t < thresholds.length; t++) {
          if (c >= thresholds[t]) {
            predicted[t]++;
            correct[t] += samePerson ? 1 : 0;
          }
        }
      }
    }
    List<Point> points = new ArrayList<>();
    for (int t = 0; t < thresholds.length; t++) {
      points.add(new Point(thresholds[t], predicted[t], correct[t], same));
    }
    return new Evaluation(points, highest);
  }

  private static double jaccard(Set<String> a, Set<String> b) {
    long inter = a.stream().filter(b::contains).count();
    return (double) inter / (a.size() + b.size() - inter);
  }

  /**
   * A corpus of distinct people, {@code column} of a CSV/JSONL/Parquet file (a run's personas,
   * say): no pair is the same person, so every pair at or above a threshold is a false merge.
   */
  static Corpus distinctPeople(java.nio.file.Path file, String column) {
    List<java.nio.file.Path> files = new ArrayList<>();
    if (java.nio.file.Files.isDirectory(file)) {
      try (var list = java.nio.file.Files.list(file)) {
        list.filter(f -> f.toString().endsWith(".parquet")).sorted().forEach(files::add);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    } else {
      files.add(file);
    }
    List<String> texts = new ArrayList<>();
    List<Set<String>> sets = new ArrayList<>();
    for (java.nio.file.Path f : files) {
      io.personaforge.dedup.standalone.Table t =
          io.personaforge.dedup.standalone.CorpusFiles.read(f);
      int c = t.field(column).pos();
      for (org.apache.avro.generic.GenericRecord r : t.rows()) {
        texts.add(r.get(c).toString());
        sets.add(Set.of("person " + sets.size()));
      }
    }
    return new Corpus(texts, sets);
  }

  /**
   * Prints the figures of docs/dedup.md: the mixed corpus, then the SPC splits ({@code mixed}: the
   * mixed corpus only); with arguments {@code FILE COLUMN}, a corpus of distinct people.
   */
  public static void main(String[] args) {
    Embedder embedder = new io.personaforge.dedup.semantic.MiniLmEmbedder();
    double[] thresholds = {0.85, 0.88, 0.90, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97};
    if (args.length == 2) {
      System.out.println(args[0] + " (distinct people):");
      evaluate(distinctPeople(java.nio.file.Path.of(args[0]), args[1]), embedder, thresholds)
          .print();
      return;
    }
    System.out.println("mixed SPC sentences (1,500 distinct, 150 copies):");
    evaluate(mixed(7, 1500, 150), embedder, thresholds).print();
    if (args.length == 1 && args[0].equals("mixed")) {
      return;
    }
    for (String split : List.of("valid", "test")) {
      System.out.println("SPC " + split + ":");
      evaluate(spc(split), embedder, thresholds).print();
    }
  }
}
