package io.personaforge.dedup.lexical;

import io.personaforge.dedup.TextNormalizer;
import io.personaforge.schemas.Mix64;
import java.text.Normalizer;
import java.util.Arrays;

/**
 * Turns a text into its set of word shingles (as 64-bit hashes) and an exact-text key, in one pass
 * without building strings. Words are what {@link TextNormalizer} keeps: letters and digits,
 * lower-cased and without accents; other punctuation inside a word (an apostrophe) is dropped.
 * Shingles never cross a sentence boundary (sentences end at {@code . ! ?}, new lines, {@code ;}
 * and {@code :}), so re-ordering the sentences of a text leaves its shingle set unchanged; a
 * sentence shorter than the shingle size is one shingle.
 */
public final class Shingler {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final int size;

  /** The shingles of a text, and a 128-bit hash of its whole normalised word sequence. */
  public record Shingles(long[] hashes, long exactHigh, long exactLow) {
    /** The exact key as 32 hex digits: equal for texts equal after normalising. */
    public String exactHex() {
      return String.format("%016x%016x", exactHigh, exactLow);
    }
  }

  /**
   * @param size words per shingle, 1–10
   */
  public Shingler(int size) {
    if (size < 1 || size > 10) {
      throw new IllegalArgumentException("size is " + size + ", it must be 1 to 10 words");
    }
    this.size = size;
  }

  /** The distinct shingle hashes of {@code text}, sorted ascending, and its exact key. */
  public Shingles shingles(String text) {
    String s = isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFKD);
    long[] out = new long[64];
    int n = 0;
    long[] sentence = new long[32]; // word hashes of the current sentence
    int words = 0;
    long exactHigh = 0x243F6A8885A308D3L;
    long exactLow = 0x13198A2E03707344L;
    long word = FNV_OFFSET;
    boolean inWord = false;
    int len = s.length();
    for (int i = 0; i <= len; i++) {
      char c = i == len ? '\n' : s.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        word = (word ^ Character.toLowerCase(c)) * FNV_PRIME;
        inWord = true;
        continue;
      }
      boolean sentenceEnd = isSentenceEnd(c);
      if (!sentenceEnd && !Character.isWhitespace(c) && !isWordBreak(c)) {
        continue; // accents (non-spacing marks) and in-word punctuation are dropped
      }
      if (inWord) {
        long h = Mix64.murmur(word);
        exactHigh = Mix64.murmur(exactHigh ^ h) + 1;
        exactLow = Mix64.murmur(exactLow + h) ^ 0x5851F42D4C957F2DL;
        if (words == sentence.length) {
          sentence = Arrays.copyOf(sentence, words * 2);
        }
        sentence[words++] = h;
        word = FNV_OFFSET;
        inWord = false;
      }
      if (sentenceEnd && words > 0) {
        int count = Math.max(1, words - size + 1);
        if (n + count > out.length) {
          out = Arrays.copyOf(out, Math.max(out.length * 2, n + count));
        }
        for (int w = 0; w < count; w++) {
          long h = 0x9E3779B97F4A7C15L;
          for (int k = w; k < Math.min(words, w + size); k++) {
            h = Mix64.murmur(h ^ sentence[k]);
          }
          out[n++] = h;
        }
        words = 0;
      }
    }
    long[] sorted = Arrays.copyOf(out, n);
    Arrays.sort(sorted);
    return new Shingles(distinct(sorted), exactHigh, exactLow);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 128) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSentenceEnd(char c) {
    return c == '.' || c == '!' || c == '?' || c == '\n' || c == '\r' || c == ';' || c == ':';
  }

  /** The characters {@link TextNormalizer} turns into a word break besides white space. */
  private static boolean isWordBreak(char c) {
    return c == '-' || c == '/' || c == '_' || c == ',' || c == '(' || c == ')' || c == '"';
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
