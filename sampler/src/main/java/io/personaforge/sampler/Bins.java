package io.personaforge.sampler;

import java.util.Locale;

/**
 * Whole-number bins written {@code "18-29"} (inclusive bounds) or a single number {@code "30"}: how
 * quotas and cells name a range of an integer attribute.
 */
public final class Bins {
  private Bins() {}

  /**
   * Parses a bin into {@code {lo, hi}}; a single whole number is a one-value bin.
   *
   * @throws IllegalArgumentException when the text is neither
   */
  public static long[] parse(String text) {
    String s = text.trim();
    int dash = s.indexOf('-', 1);
    try {
      if (dash < 0) {
        long v = Long.parseLong(s);
        return new long[] {v, v};
      }
      long lo = Long.parseLong(s.substring(0, dash).trim());
      long hi = Long.parseLong(s.substring(dash + 1).trim());
      if (lo > hi) {
        throw new IllegalArgumentException(
            "bin '" + text + "' runs backwards; write it low-high, e.g. 18-29");
      }
      return new long[] {lo, hi};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a bin of whole numbers; write low-high, e.g. 18-29");
    }
  }

  /** Whether the whole number written {@code value} lies in {@code bin}. */
  public static boolean contains(String bin, String value) {
    long[] b = parse(bin);
    long v = Long.parseLong(value.trim());
    return v >= b[0] && v <= b[1];
  }

  /** The canonical text of a bin. */
  public static String format(long lo, long hi) {
    return lo == hi ? Long.toString(lo) : String.format(Locale.ROOT, "%d-%d", lo, hi);
  }
}
