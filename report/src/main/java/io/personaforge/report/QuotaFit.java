package io.personaforge.report;

import io.personaforge.sampler.Bins;
import io.personaforge.sampler.Cell;
import io.personaforge.sampler.QuotaPlan;
import io.personaforge.sampler.QuotaSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How closely the corpus matches one configured quota: its achieved shares against the shares
 * written in run.yaml, as a KL divergence and a total absolute error, with one row per value (or
 * combination of values).
 *
 * <p>The configured shares are compared, not the planned integer targets, so the figures include
 * the (unavoidable) rounding of shares to whole personas as well as any cell left short.
 *
 * @param attributes the quota's attributes (one for a marginal quota)
 * @param kl {@code KL(configured ‖ achieved)} in nats, achieved shares smoothed by {@link #EPSILON}
 * @param totalAbsoluteError {@code Σ |achieved share − configured share|}, in [0, 2]
 * @param rows one per value or combination, in the order of the configured shares
 */
public record QuotaFit(
    List<String> attributes, double kl, double totalAbsoluteError, List<Row> rows) {

  /**
   * Added to every achieved share (then renormalised) so that a value with no persona gives a large
   * but finite divergence instead of infinity; it changes a divergence of exact shares by ~1e-6.
   */
  public static final double EPSILON = 1e-6;

  public QuotaFit {
    attributes = List.copyOf(attributes);
    rows = List.copyOf(rows);
  }

  /**
   * @param value the value, or the values joined by {@code |} for a joint quota
   * @param configuredShare the share written in run.yaml
   * @param target personas the plan asked for (the share rounded to whole personas)
   * @param achieved personas the corpus holds
   * @param achievedShare achieved ÷ the corpus size
   */
  public record Row(
      String value, double configuredShare, long target, long achieved, double achievedShare) {}

  /** One fit per quota of {@code plan}, given the personas accepted per cell key. */
  public static List<QuotaFit> of(QuotaPlan plan, Map<String, Long> achievedByCell) {
    long total = 0;
    for (Cell c : plan.cells()) {
      total += achievedByCell.getOrDefault(c.key(), 0L);
    }
    List<QuotaFit> out = new ArrayList<>();
    for (QuotaSpec q : plan.quotas()) {
      out.add(of(q, plan.cells(), achievedByCell, total));
    }
    return out;
  }

  private static QuotaFit of(
      QuotaSpec q, List<Cell> cells, Map<String, Long> achievedByCell, long total) {
    Map<String, long[]> counts = new LinkedHashMap<>(); // value -> {target, achieved}
    Map<String, Double> shares = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : q.shares().entrySet()) {
      String key = key(q.keyValues(e.getKey()));
      shares.put(key, e.getValue());
      counts.put(key, new long[2]);
    }
    for (Cell c : cells) {
      List<String> values = new ArrayList<>();
      for (String path : q.paths()) {
        values.add(c.fixed().getOrDefault(path, ""));
      }
      long[] n = counts.computeIfAbsent(key(values), k -> new long[2]);
      n[0] += c.target();
      n[1] += achievedByCell.getOrDefault(c.key(), 0L);
    }
    double configuredSum = shares.values().stream().mapToDouble(Double::doubleValue).sum();
    int k = counts.size();
    double kl = 0;
    double tae = 0;
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      double p = configuredSum == 0 ? 0 : shares.getOrDefault(e.getKey(), 0.0) / configuredSum;
      double achieved = total == 0 ? 0 : (double) e.getValue()[1] / total;
      double smoothed = (achieved + EPSILON) / (1 + k * EPSILON);
      if (p > 0) {
        kl += p * Math.log(p / smoothed);
      }
      tae += Math.abs(achieved - p);
      rows.add(
          new Row(
              e.getKey(),
              shares.getOrDefault(e.getKey(), 0.0),
              e.getValue()[0],
              e.getValue()[1],
              achieved));
    }
    // Rounding can make a near-exact fit a hair below zero.
    return new QuotaFit(q.paths(), Math.max(0, kl), tae, rows);
  }

  /** Values as a share key: trimmed, integer bins in canonical form, joined by {@code |}. */
  private static String key(List<String> values) {
    List<String> canonical = new ArrayList<>();
    for (String v : values) {
      String t = v.trim();
      try {
        long[] b = Bins.parse(t);
        t = Bins.format(b[0], b[1]);
      } catch (IllegalArgumentException notABin) {
        // a categorical or boolean value: compared as written
      }
      canonical.add(t);
    }
    return String.join(QuotaSpec.JOINT_SEPARATOR, canonical);
  }

  /** The {@code quota_fit[]} row of summary.json. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("attributes", attributes);
    m.put("kl_divergence", JsonNumbers.significant6(kl));
    m.put("total_absolute_error", JsonNumbers.round6(totalAbsoluteError));
    m.put(
        "values",
        rows.stream()
            .map(
                r -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("value", r.value());
                  row.put("configured_share", r.configuredShare());
                  row.put("target", r.target());
                  row.put("achieved", r.achieved());
                  row.put("achieved_share", JsonNumbers.round6(r.achievedShare()));
                  return row;
                })
            .toList());
    return m;
  }
}
