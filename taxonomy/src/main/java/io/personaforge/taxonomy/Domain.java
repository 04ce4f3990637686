package io.personaforge.taxonomy;

import java.io.Serializable;
import java.util.List;

/** The values an attribute may take and how likely each is. Immutable. */
public sealed interface Domain extends Serializable
    permits Domain.Categorical, Domain.IntegerRange, Domain.NumberRange, Domain.Bool, Domain.Text {

  /** Values with weights; weights are positive and need not sum to 1 (they are normalised). */
  record Categorical(List<String> values, List<Double> weights) implements Domain {
    public Categorical {
      values = List.copyOf(values);
      weights = List.copyOf(weights);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("a categorical domain needs at least one value");
      }
      if (values.size() != weights.size()) {
        throw new IllegalArgumentException("values and weights differ in length");
      }
      for (double w : weights) {
        if (!(w >= 0) || Double.isInfinite(w)) {
          throw new IllegalArgumentException("weights must be finite and >= 0, got " + w);
        }
      }
      if (weights.stream().mapToDouble(Double::doubleValue).sum() <= 0) {
        throw new IllegalArgumentException("at least one weight must be above 0");
      }
    }
  }

  /** Whole numbers in [min, max], spread by {@code distribution} (uniform when none is named). */
  record IntegerRange(long min, long max, Distribution distribution) implements Domain {
    public IntegerRange {
      if (min > max) {
        throw new IllegalArgumentException("min " + min + " is above max " + max);
      }
      distribution = distribution == null ? Distribution.UNIFORM : distribution;
      checkBins(distribution, min, max);
    }

    /** Uniform whole numbers in [min, max]. */
    public IntegerRange(long min, long max) {
      this(min, max, Distribution.UNIFORM);
    }
  }

  /** Decimal numbers in [min, max], spread by {@code distribution} (uniform when none is named). */
  record NumberRange(double min, double max, Distribution distribution) implements Domain {
    public NumberRange {
      if (!(min <= max)) {
        throw new IllegalArgumentException("min " + min + " is above max " + max);
      }
      distribution = distribution == null ? Distribution.UNIFORM : distribution;
      checkBins(distribution, min, max);
    }

    /** Uniform decimal numbers in [min, max]. */
    public NumberRange(double min, double max) {
      this(min, max, Distribution.UNIFORM);
    }
  }

  private static void checkBins(Distribution d, double min, double max) {
    if (d instanceof Distribution.Histogram h) {
      for (Distribution.Bin b : h.bins()) {
        if (b.from() < min || b.to() > max) {
          throw new IllegalArgumentException(
              "bin ["
                  + b.from()
                  + ", "
                  + b.to()
                  + "] lies outside the range ["
                  + min
                  + ", "
                  + max
                  + "]");
        }
      }
    }
  }

  /** true with probability {@code pTrue}. */
  record Bool(double pTrue) implements Domain {
    public Bool {
      if (!(pTrue >= 0 && pTrue <= 1)) {
        throw new IllegalArgumentException("p_true must be in [0, 1], got " + pTrue);
      }
    }
  }

  /** Free text; {@code hint} tells the LLM what to write. */
  record Text(String hint) implements Domain {}
}
