package io.personaforge.dedup.lexical;

import io.personaforge.dedup.TextNormalizer;
import java.util.Arrays;

/**
 * Turns a text into its set of word shingles, as 64-bit hashes. Shingles never cross a sentence
 * boundary (sentences end at {@code . ! ?}, new lines, {@code ;} and {@code :}), so re-ordering the
 * sentences of a text leaves its shingle set unchanged; a sentence shorter than the shingle size is
 * one shingle. Words are compared after {@link TextNormalizer} (case, accents and punctuation do
 * not count).
 */
public final class Shingler {
  private final int size;

  /**
   * @param size words per shingle, 1–10
   */
  public Shingler(int size) {
    if (size < 1 || size > 10) {
      throw new IllegalArgumentException("size is " + size + ", it must be 1 to 10 words");
    }
    this.size = size;
  }

  /**
   * The distinct shingle hashes of {@code text}, sorted ascending (empty for a text of no word).
   */
  public long[] shingles(String text) {
    long[] out = new long[16];
    int n = 0;
    int start = 0;
    int len = text.length();
    for (int i = 0; i <= len; i++) {
      if (i == len || isSentenceEnd(text.charAt(i))) {
        if (i > start) {
          String[] words = splitWords(TextNormalizer.normalize(text.substring(start, i)));
          if (words.length > 0) {
            int count = Math.max(1, words.length - size + 1);
            if (n + count > out.length) {
              out = Arrays.copyOf(out, Math.max(out.length * 2, n + count));
            }
            for (int w = 0; w < count; w++) {
              out[n++] = hash(words, w, Math.min(words.length, w + size));
            }
          }
        }
        start = i + 1;
      }
    }
    long[] sorted = Arrays.copyOf(out, n);
    Arrays.sort(sorted);
    return distinct(sorted);
  }

  private static boolean isSentenceEnd(char c) {
    return c == '.' || c == '!' || c == '?' || c == '\n' || c == '\r' || c == ';' || c == ':';
  }

  private static String[] splitWords(String normalized) {
    return normalized.isEmpty() ? new String[0] : normalized.split(" ");
  }

  /** FNV-1a over the words with a separator, then a 64-bit finaliser for well-spread bits. */
  private static long hash(String[] words, int from, int to) {
    long h = 0xcbf29ce484222325L;
    for (int w = from; w < to; w++) {
      String s = words[w];
      for (int i = 0; i < s.length(); i++) {
        h = (h ^ s.charAt(i)) * 0x100000001b3L;
      }
      h = (h ^ ' ') * 0x100000001b3L;
    }
    return mix(h);
  }

  /** The murmur3 64-bit finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  private static long[] distinct(long[] sorted) {
    if (sorted.length < 2) {
      return sorted;
    }
    int w = 1;
    for (int r = 1; r < sorted.length; r++) {
      if (sorted[r] != sorted[w - 1]) {
        sorted[w++] = sorted[r];
      }
    }
    return w == sorted.length ? sorted : Arrays.copyOf(sorted, w);
  }
}
