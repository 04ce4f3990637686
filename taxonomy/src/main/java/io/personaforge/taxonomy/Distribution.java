package io.personaforge.taxonomy;

import java.io.Serializable;
import java.util.List;

/**
 * How a numeric attribute's values are spread over its range {@code [min, max]}. Every distribution
 * only ever yields values inside the range.
 */
public sealed interface Distribution extends Serializable
    permits Distribution.Uniform, Distribution.Normal, Distribution.Histogram {

  /** The distribution used when a numeric attribute names none. */
  Distribution UNIFORM = new Uniform();

  /** Every value of the range equally likely. */
  record Uniform() implements Distribution {}

  /**
   * A normal distribution clipped to the range: draws outside {@code [min, max]} are redrawn (so
   * the density is the truncated normal), never piled up at the bounds.
   *
   * @param mean the mean before truncation
   * @param sd the standard deviation before truncation, above 0
   */
  record Normal(double mean, double sd) implements Distribution {
    public Normal {
      if (!Double.isFinite(mean)) {
        throw new IllegalArgumentException("'mean' must be a finite number, got " + mean);
      }
      if (!(sd > 0) || Double.isInfinite(sd)) {
        throw new IllegalArgumentException("'sd' must be a finite number above 0, got " + sd);
      }
    }
  }

  /**
   * Bins with weights; a value is drawn by picking a bin by weight, then uniformly inside it.
   *
   * @param bins non-empty, each inside the attribute's range, weights summing above 0
   */
  record Histogram(List<Bin> bins) implements Distribution {
    public Histogram {
      bins = List.copyOf(bins);
      if (bins.isEmpty()) {
        throw new IllegalArgumentException("a histogram needs at least one bin");
      }
      double total = 0;
      for (Bin b : bins) {
        total += b.weight();
      }
      if (!(total > 0)) {
        throw new IllegalArgumentException(
            "histogram bin weights sum to 0; at least one must be above 0");
      }
    }
  }

  /**
   * One histogram bin: {@code [from, to]} inclusive for integers, {@code [from, to)} for numbers.
   *
   * @param from lower bound
   * @param to upper bound, at least {@code from}
   * @param weight relative weight, finite and at least 0
   */
  record Bin(double from, double to, double weight) implements Serializable {
    public Bin {
      if (!(from <= to)) {
        throw new IllegalArgumentException("bin 'from' " + from + " is above 'to' " + to);
      }
      if (!(weight >= 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("bin weight must be finite and >= 0, got " + weight);
      }
    }
  }

  /**
   * The first index whose cumulative weight is above {@code u}: how a value is drawn from
   * cumulative weights (ending at 1) and a uniform {@code u} in [0, 1).
   */
  public static int firstAbove(double[] cumulative, double u) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
