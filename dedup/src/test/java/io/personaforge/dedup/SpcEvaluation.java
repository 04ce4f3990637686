package io.personaforge.dedup;

import io.personaforge.dedup.standalone.CorpusFiles;
import io.personaforge.dedup.standalone.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;

/**
 * Pair precision and recall of dedup on a Synthetic-Persona-Chat split. The documents are the
 * split's distinct persona texts (both user columns, first appearance order). Two texts describe
 * the same person when their sentence sets (lines, normalised) have Jaccard ≥ 0.6; recall is
 * measured on the pairs that are re-orderings or one-sentence swaps of each other, precision on
 * every verified pair.
 */
public final class SpcEvaluation {
  static final double SAME_PERSON_JACCARD = 0.6;

  public record Result(
      String split,
      int texts,
      int truePairs,
      int targetPairs,
      int predictedPairs,
      double precision,
      double recall,
      double recallAll,
      DedupResult dedup) {
    @Override
    public String toString() {
      return String.format(
          "%s: %d distinct texts, %d same-person pairs (%d re-ordered/one-swap), %d predicted;"
              + " precision %.3f, recall %.3f on re-ordered/one-swap (%.3f on all); %d duplicates",
          split,
          texts,
          truePairs,
          targetPairs,
          predictedPairs,
          precision,
          recall,
          recallAll,
          dedup.duplicates().size());
    }
  }

  /**
   * The split's persona columns, kept in the test resources with their licence note ({@code
   * spc/README.md}: CC BY 4.0).
   */
  static Path personasFile(String split) {
    String name = "/spc/Synthetic-Persona-Chat_" + split + "_personas.csv";
    java.net.URL url = SpcEvaluation.class.getResource(name);
    if (url == null) {
      throw new IllegalStateException("test resource " + name + " is missing");
    }
    try {
      return Path.of(url.toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static List<String> distinctPersonas(String split) {
    Table t = CorpusFiles.read(personasFile(split));
    int c1 = t.field("user 1 personas").pos();
    int c2 = t.field("user 2 personas").pos();
    LinkedHashSet<String> texts = new LinkedHashSet<>();
    for (GenericRecord r : t.rows()) {
      texts.add(r.get(c1).toString());
      texts.add(r.get(c2).toString());
    }
    return new ArrayList<>(texts);
  }

  static Set<String> sentences(String text) {
    Set<String> s = new HashSet<>();
    for (String line : text.split("\n")) {
      String n = TextNormalizer.normalize(line);
      if (!n.isEmpty()) {
        s.add(n);
      }
    }
    return s;
  }

  public static Result evaluate(String split, Deduplicator dedup) {
    List<String> texts = distinctPersonas(split);
    List<Set<String>> sets = texts.stream().map(SpcEvaluation::sentences).toList();
    for (int i = 0; i < texts.size(); i++) {
      dedup.add(new Doc(new DocRef("p" + i, 0, i), texts.get(i)));
    }
    DedupResult result = dedup.finish();
    Set<Long> predicted = new HashSet<>();
    for (DuplicateMatch m : result.pairs()) {
      predicted.add(pairKey((int) m.duplicateOf().ordinal(), (int) m.doc().ordinal()));
    }
    int truePairs = 0;
    int target = 0;
    int targetFound = 0;
    int allFound = 0;
    for (int i = 0; i < texts.size(); i++) {
      for (int j = i + 1; j < texts.size(); j++) {
        Set<String> a = sets.get(i);
        Set<String> b = sets.get(j);
        int inter = 0;
        for (String s : a) {
          if (b.contains(s)) {
            inter++;
          }
        }
        double jac = (double) inter / (a.size() + b.size() - inter);
        if (jac < SAME_PERSON_JACCARD) {
          continue;
        }
        truePairs++;
        boolean found = predicted.contains(pairKey(i, j));
        allFound += found ? 1 : 0;
        if (a.size() - inter <= 1 && b.size() - inter <= 1) {
          target++;
          targetFound += found ? 1 : 0;
        }
      }
    }
    int tp = 0;
    for (long p : predicted) {
      int i = (int) (p >>> 32);
      int j = (int) p;
      Set<String> a = sets.get(i);
      Set<String> b = sets.get(j);
      long inter = a.stream().filter(b::contains).count();
      if ((double) inter / (a.size() + b.size() - inter) >= SAME_PERSON_JACCARD) {
        tp++;
      }
    }
    return new Result(
        split,
        texts.size(),
        truePairs,
        target,
        predicted.size(),
        predicted.isEmpty() ? 1.0 : (double) tp / predicted.size(),
        target == 0 ? 1.0 : (double) targetFound / target,
        truePairs == 0 ? 1.0 : (double) allFound / truePairs,
        result);
  }

  private static long pairKey(int earlier, int later) {
    return ((long) earlier << 32) | later;
  }

  /** Prints the figures of the default settings (lexical only, and with semantic if asked). */
  public static void main(String[] args) {
    boolean semantic = args.length > 0 && args[0].equals("semantic");
    for (String split : List.of("valid", "test")) {
      Deduplicator d =
          semantic
              ? new Deduplicator(
                  DedupConfig.defaults(), new io.personaforge.dedup.semantic.MiniLmEmbedder(), true)
              : Deduplicator.lexicalOnly(LexicalConfig.defaults(), true);
      Result r = evaluate(split, d);
      System.out.println(r);
      System.out.printf(
          "  by method: exact %d, lexical %d, semantic %d; embedding %.0f texts/s%n",
          r.dedup().count("exact"),
          r.dedup().count("lexical"),
          r.dedup().count("semantic"),
          r.dedup().stats().embeddingRate());
    }
  }
}
