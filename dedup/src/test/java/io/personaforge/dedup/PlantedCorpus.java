package io.personaforge.dedup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A generated corpus of distinct ~150-word texts with planted near-copies (re-ordered sentences, a
 * few words swapped, case and punctuation changed) of some earlier texts. Public for the pipeline's
 * dedup tests (pipelines module).
 */
public final class PlantedCorpus {
  /** A planted copy: the text at {@code copy} was made from the text at {@code original}. */
  record Plant(int original, int copy, String kind) {}

  final List<String> texts = new ArrayList<>();
  final List<Plant> plants = new ArrayList<>();
  private final Random random;
  private final List<String> vocabulary = new ArrayList<>();

  public PlantedCorpus(long seed, int originals, int copies) {
    random = new Random(seed);
    for (int i = 0; i < 3000; i++) {
      vocabulary.add(word());
    }
    // root.get(p): the original a position's text was made from (its own index for originals).
    List<Integer> root = new ArrayList<>();
    for (int i = 0; i < originals; i++) {
      texts.add(text(150));
      root.add(i);
    }
    String[] kinds = {"reorder", "swap", "case"};
    List<String> kindAt = new ArrayList<>(Collections.nCopies(originals, ""));
    for (int c = 0; c < copies; c++) {
      int original = random.nextInt(originals);
      int from = root.indexOf(original);
      String kind = kinds[c % kinds.length];
      String copy =
          switch (kind) {
            case "reorder" -> reorder(texts.get(from));
            case "swap" -> swapWords(texts.get(from), 4);
            default -> casePunctuation(texts.get(from));
          };
      // The copy goes anywhere after its original.
      int at = from + 1 + random.nextInt(texts.size() - from);
      texts.add(at, copy);
      root.add(at, original);
      kindAt.add(at, kind);
    }
    for (int p = 0; p < texts.size(); p++) {
      if (!kindAt.get(p).isEmpty()) {
        plants.add(new Plant(root.indexOf(root.get(p)), p, kindAt.get(p)));
      }
    }
  }

  /** The texts, originals and copies, in corpus order. */
  public List<String> texts() {
    return Collections.unmodifiableList(texts);
  }

  private String word() {
    int len = 3 + random.nextInt(7);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      sb.append((char) ('a' + random.nextInt(26)));
    }
    return sb.toString();
  }

  /** Sentences of 8–16 words drawn with a Zipf-like skew, as real text repeats common words. */
  private String text(int words) {
    StringBuilder sb = new StringBuilder();
    int written = 0;
    while (written < words) {
      int len = 8 + random.nextInt(9);
      for (int w = 0; w < len; w++) {
        double u = random.nextDouble();
        String word = vocabulary.get((int) (vocabulary.size() * u * u * u));
        sb.append(w == 0 ? capitalise(word) : word).append(w == len - 1 ? ". " : " ");
      }
      written += len;
    }
    return sb.toString().trim();
  }

  private static String capitalise(String w) {
    return Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }

  private String reorder(String text) {
    List<String> sentences = new ArrayList<>(List.of(text.split("(?<=\\.) ")));
    Collections.shuffle(sentences, random);
    return String.join(" ", sentences);
  }

  private String swapWords(String text, int swaps) {
    String[] words = text.split(" ");
    for (int s = 0; s < swaps; s++) {
      int i = random.nextInt(words.length);
      String end = words[i].endsWith(".") ? "." : "";
      words[i] = vocabulary.get(random.nextInt(vocabulary.size())) + end;
    }
    return String.join(" ", words);
  }

  private String casePunctuation(String text) {
    return text.toUpperCase(Locale.ROOT).replace(". ", "! ").replace(" ", "  ") + "...";
  }
}
