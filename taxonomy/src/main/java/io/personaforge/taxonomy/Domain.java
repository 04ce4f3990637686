package io.personaforge.taxonomy;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** The values an attribute may take and how likely each is. Immutable. */
public sealed interface Domain extends Serializable
    permits Domain.Categorical,
        Domain.IntegerRange,
        Domain.NumberRange,
        Domain.Bool,
        Domain.Text,
        Domain.Names {

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

  /**
   * A name drawn from a frequency table, in the cell the persona's other attributes select.
   *
   * @param table the names and their weights by key
   * @param given for each key column of the table, how an attribute's value becomes a key value
   */
  record Names(NameTable table, List<NameKey> given) implements Domain {
    public Names {
      given = List.copyOf(given);
    }

    /** The attributes the name depends on. */
    public List<String> dependencies() {
      return given.stream().map(NameKey::attribute).toList();
    }

    /** Draws a name code from the persona's drawn values and a uniform number in [0, 1). */
    public int draw(Function<String, String> drawn, double u) {
      String[] key = new String[table.keyColumns().size()];
      Arrays.fill(key, NameTable.ANY);
      for (NameKey g : given) {
        key[table.keyColumns().indexOf(g.column())] = g.key(drawn.apply(g.attribute()));
      }
      return table.draw(key, u);
    }
  }
}
