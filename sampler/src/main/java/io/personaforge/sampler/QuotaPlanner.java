package io.personaforge.sampler;

import io.personaforge.schemas.config.ConfigException;
import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.AttributeType;
import io.personaforge.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns quota shares into exact integer cell targets before anything is sampled. Problems are
 * reported as {@link ConfigException}s whose key paths ({@code quotas[0].shares.female}) the config
 * loader places in the file.
 */
public final class QuotaPlanner {
  /** How far shares may sum from 1 and still be accepted (rounding in hand-written YAML). */
  public static final double DEFAULT_SHARE_TOLERANCE = 0.001;

  private final Taxonomy taxonomy;

  public QuotaPlanner(Taxonomy taxonomy) {
    this.taxonomy = taxonomy;
  }

  /** Checks the quotas against the taxonomy and plans {@code size} personas. */
  public QuotaPlan plan(long size, List<QuotaSpec> quotas) {
    if (size < 1) {
      throw ConfigException.of("count", "count must be at least 1, got " + size);
    }
    for (int i = 0; i < quotas.size(); i++) {
      check(i, quotas.get(i));
    }
    if (quotas.isEmpty()) {
      return new QuotaPlan(size, quotas, List.of(new Cell(Map.of(), size)));
    }
    if (quotas.size() > 1) {
      throw ConfigException.of(
          "quotas[1]",
          "only one quota is supported so far; combine the attributes you need into one quota");
    }
    QuotaSpec q = quotas.get(0);
    long[] counts = largestRemainder(size, new ArrayList<>(q.shares().values()));
    List<Cell> cells = new ArrayList<>();
    int i = 0;
    for (String value : q.shares().keySet()) {
      cells.add(new Cell(Map.of(q.attribute(), value), counts[i++]));
    }
    return new QuotaPlan(size, quotas, cells);
  }

  private void check(int index, QuotaSpec q) {
    String key = "quotas[" + index + "]";
    if (q.attribute() == null || q.attribute().isBlank()) {
      throw ConfigException.of(
          key, "a quota needs 'attribute' (a taxonomy path such as demographics.gender)");
    }
    Attribute a =
        taxonomy
            .attribute(q.attribute())
            .orElseThrow(
                () ->
                    ConfigException.of(
                        key + ".attribute",
                        "unknown attribute '"
                            + q.attribute()
                            + "' in taxonomy "
                            + taxonomy.name()
                            + "; see `personaforge taxonomy show "
                            + taxonomy.name()
                            + "`"));
    if (a.type() != AttributeType.CATEGORICAL && a.type() != AttributeType.BOOLEAN) {
      throw ConfigException.of(
          key + ".attribute",
          "quotas need a categorical or boolean attribute; "
              + a.path()
              + " is "
              + a.type().name().toLowerCase());
    }
    if (q.shares().isEmpty()) {
      throw ConfigException.of(key + ".shares", "a quota needs 'shares' (value: share)");
    }
    var possible = a.possibleValues();
    double sum = 0;
    for (Map.Entry<String, Double> e : q.shares().entrySet()) {
      if (!possible.contains(e.getKey())) {
        throw ConfigException.of(
            key + ".shares." + e.getKey(),
            "'"
                + e.getKey()
                + "' is not a value of "
                + a.path()
                + "; values: "
                + String.join(", ", possible));
      }
      double s = e.getValue() == null ? Double.NaN : e.getValue();
      if (!(s >= 0 && s <= 1)) {
        throw ConfigException.of(
            key + ".shares." + e.getKey(),
            "a share must be a number in [0, 1], got " + e.getValue());
      }
      sum += s;
    }
    if (Math.abs(sum - 1) > DEFAULT_SHARE_TOLERANCE) {
      throw ConfigException.of(
          key + ".shares",
          String.format(
              java.util.Locale.ROOT,
              "shares sum to %.4g, they must sum to 1 (±%s)",
              sum,
              DEFAULT_SHARE_TOLERANCE));
    }
  }

  /** Integer counts summing to {@code size}, each within 1 of share × size (Hamilton's method). */
  static long[] largestRemainder(long size, List<Double> shares) {
    double total = shares.stream().mapToDouble(Double::doubleValue).sum();
    long[] counts = new long[shares.size()];
    double[] rest = new double[shares.size()];
    long assigned = 0;
    for (int i = 0; i < counts.length; i++) {
      double exact = size * shares.get(i) / total;
      counts[i] = (long) Math.floor(exact);
      rest[i] = exact - counts[i];
      assigned += counts[i];
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      order.add(i);
    }
    // Largest remainder first; ties go to the earlier value so the plan is stable.
    order.sort(Comparator.<Integer>comparingDouble(i -> -rest[i]).thenComparing(i -> i));
    for (int k = 0; assigned < size; k++, assigned++) {
      counts[order.get(k % counts.length)]++;
    }
    return counts;
  }
}
