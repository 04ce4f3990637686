package io.personaforge.dedup.bench;

import java.util.SplittableRandom;

/**
 * The benchmark corpus: ~150-word texts from a 20,000-word vocabulary (skewed like real word use),
 * every 100th a near-copy (sentences rotated, three words replaced) of a recent earlier one. Shared
 * by the in-memory and the pipeline dedup benchmarks so both measure the same texts.
 *
 * <p>{@link #similar()} texts are the worst case for blocking: every text is 15 of 20 fixed
 * ten-word sentence frames whose last word alone is drawn per text, so texts share nine words in
 * ten and seven of every eight shingles with every other text (as a template or one prompt answered
 * many times does); the near-copies are planted the same way.
 */
public final class BenchTexts {
  private final String[] vocabulary;
  private final String[][] frames;

  /** Varied texts. */
  public BenchTexts() {
    this(false);
  }

  /** Texts that share most of their wording. */
  public static BenchTexts similar() {
    return new BenchTexts(true);
  }

  private BenchTexts(boolean similar) {
    SplittableRandom r = new SplittableRandom(1);
    vocabulary = new String[20_000];
    for (int i = 0; i < vocabulary.length; i++) {
      StringBuilder sb = new StringBuilder();
      int len = 2 + r.nextInt(9);
      for (int c = 0; c < len; c++) {
        sb.append((char) ('a' + r.nextInt(26)));
      }
      vocabulary[i] = sb.toString();
    }
    frames = similar ? new String[20][9] : null;
    if (similar) {
      for (String[] f : frames) {
        for (int w = 0; w < f.length; w++) {
          f[w] = vocabulary[r.nextInt(2_000)];
        }
      }
    }
  }

  /** Document i: fresh text, or (every 100th) a near-copy of a recent earlier one. */
  public String text(long i) {
    if (i % 100 == 99) {
      long source = i - 1 - new SplittableRandom(i * 31).nextInt(90);
      return nearCopy(text(source), i);
    }
    // Seeds must not be steps of the generator's own gamma, or texts would be shifted copies.
    SplittableRandom r = new SplittableRandom(i * 0xD1B54A32D192ED03L + 7);
    StringBuilder sb = new StringBuilder(1100);
    if (frames != null) {
      int[] order = new int[frames.length];
      for (int k = 0; k < order.length; k++) {
        order[k] = k;
      }
      for (int k = order.length - 1; k > 0; k--) {
        int j = r.nextInt(k + 1);
        int t = order[k];
        order[k] = order[j];
        order[j] = t;
      }
      for (int k = 0; k < 15; k++) {
        String[] f = frames[order[k]];
        sb.append(Character.toUpperCase(f[0].charAt(0))).append(f[0].substring(1));
        for (int w = 1; w < f.length; w++) {
          sb.append(' ').append(f[w]);
        }
        double u = r.nextDouble();
        sb.append(' ').append(vocabulary[(int) (vocabulary.length * u * u)]).append(". ");
      }
      return sb.toString();
    }
    int words = 0;
    while (words < 150) {
      int len = 8 + r.nextInt(9);
      for (int w = 0; w < len; w++) {
        double u = r.nextDouble();
        String word = vocabulary[(int) (vocabulary.length * u * u)];
        sb.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        sb.append(w == len - 1 ? ". " : " ");
      }
      words += len;
    }
    return sb.toString();
  }

  /** Sentences rotated by one and three words replaced. */
  private String nearCopy(String text, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] sentences = text.split("(?<=\\.) ");
    StringBuilder sb = new StringBuilder();
    for (int s = 1; s <= sentences.length; s++) {
      sb.append(sentences[s % sentences.length]).append(' ');
    }
    String[] words = sb.toString().split(" ");
    for (int k = 0; k < 3; k++) {
      int at = r.nextInt(words.length);
      words[at] = vocabulary[r.nextInt(vocabulary.length)] + (words[at].endsWith(".") ? "." : "");
    }
    return String.join(" ", words);
  }
}
