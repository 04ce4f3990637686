package io.personaforge.sampler;

import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.Domain;
import io.personaforge.taxonomy.Taxonomy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws one persona's attributes in the taxonomy's sampling order, each conditioned on those drawn
 * before it; a quota cell's values are fixed rather than drawn. Thread-safe and deterministic: the
 * result depends only on (cell, run seed, round, ordinal).
 */
public final class PersonaSampler {
  private final Taxonomy taxonomy;

  public PersonaSampler(Taxonomy taxonomy) {
    this.taxonomy = taxonomy;
  }

  public Taxonomy taxonomy() {
    return taxonomy;
  }

  /** Draws the attributes of the persona at (runSeed, round, ordinal) in {@code cell}. */
  public AttributeSet sample(Cell cell, long runSeed, int round, long ordinal) {
    SplittableRandom rnd = Seeds.random(runSeed, round, ordinal);
    Map<String, String> drawn = new LinkedHashMap<>();
    for (Attribute a : taxonomy.attributes()) {
      // Draw even when fixed so that the random stream (and so every later attribute) does not
      // shift with the quota cell a persona falls in.
      String value = draw(a.domainGiven(drawn), rnd);
      String fixed = cell.fixed().get(a.path());
      drawn.put(a.path(), fixed != null ? fixed : value);
    }
    return new AttributeSet(drawn);
  }

  static String draw(Domain domain, SplittableRandom rnd) {
    if (domain instanceof Domain.Categorical c) {
      return c.values().get(pick(c.weights(), rnd));
    } else if (domain instanceof Domain.IntegerRange r) {
      return Long.toString(r.min() + rnd.nextLong(r.max() - r.min() + 1));
    } else if (domain instanceof Domain.NumberRange r) {
      double v = r.min() + rnd.nextDouble() * (r.max() - r.min());
      return String.format(Locale.ROOT, "%.2f", v);
    } else if (domain instanceof Domain.Bool b) {
      return Boolean.toString(rnd.nextDouble() < b.pTrue());
    } else if (domain instanceof Domain.Text t) {
      rnd.nextLong();
      return "";
    }
    throw new IllegalStateException("unknown domain " + domain);
  }

  static int pick(List<Double> weights, SplittableRandom rnd) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = rnd.nextDouble() * total;
    for (int i = 0; i < weights.size(); i++) {
      x -= weights.get(i);
      if (x < 0) {
        return i;
      }
    }
    return weights.size() - 1;
  }
}
