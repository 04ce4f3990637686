package io.personaforge.sampler;

/** Chi-square goodness of fit, for tests. */
final class Stats {
  /** Significance of every chi-square test in this module: a false alarm once in 1,000 runs. */
  static final double ALPHA = 0.001;

  /** z for the upper {@link #ALPHA} tail of the standard normal. */
  private static final double Z = 3.0902;

  private Stats() {}

  /** Pearson's statistic of observed counts against expected probabilities (cells with p > 0). */
  static double chiSquare(long[] observed, double[] p) {
    long n = 0;
    for (long o : observed) {
      n += o;
    }
    double x = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        double e = n * p[i];
        x += (observed[i] - e) * (observed[i] - e) / e;
      }
    }
    return x;
  }

  /** Critical value at {@link #ALPHA} for {@code df} degrees of freedom (Wilson–Hilferty). */
  static double critical(int df) {
    double a = 2.0 / (9 * df);
    return df * Math.pow(1 - a + Z * Math.sqrt(a), 3);
  }

  /** Degrees of freedom: cells with p > 0, minus 1. */
  static int df(double[] p) {
    int k = 0;
    for (double x : p) {
      k += x > 0 ? 1 : 0;
    }
    return Math.max(1, k - 1);
  }
}
