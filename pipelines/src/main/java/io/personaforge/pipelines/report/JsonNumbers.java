package io.personaforge.pipelines.report;

/** Rounding of the figures written to summary.json: 6 decimals reads well and is stable. */
final class JsonNumbers {
  private JsonNumbers() {}

  /** {@code v} rounded to 6 decimals (NaN and infinities unchanged). */
  static double round6(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    return Math.round(v * 1e6) / 1e6;
  }
}
