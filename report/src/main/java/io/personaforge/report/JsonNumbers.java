package io.personaforge.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Rounding of the figures written to summary.json (6 decimals reads well and is stable) and their
 * text for people.
 */
public final class JsonNumbers {
  private JsonNumbers() {}

  /** {@code v} to 3 decimals: seconds to the millisecond, and shares that read well so. */
  public static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** {@code v} rounded to 6 decimals (NaN and infinities unchanged). */
  static double round6(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    return Math.round(v * 1e6) / 1e6;
  }

  /**
   * {@code v} to 6 significant digits: for figures whose size varies over orders of magnitude (a KL
   * divergence of 4.7e-7 must not read 0).
   */
  static double significant6(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
      return v;
    }
    return new BigDecimal(v).round(new MathContext(6)).doubleValue();
  }

  /** {@code v} for people: 6 decimals, or scientific notation below 0.0001 (4.70e-07). */
  static String readable(double v) {
    return v != 0 && Math.abs(v) < 1e-4
        ? String.format(Locale.ROOT, "%.2e", v)
        : String.format(Locale.ROOT, "%.6f", v);
  }
}
