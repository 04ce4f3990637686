package io.personaforge.validator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Validation figures for {@code summary.json}, accumulated per worker and summed as named counts
 * ({@link #counts()}, {@link #addCounts}): a plain mutable accumulator, not thread-safe.
 *
 * <p>Record every validation attempt with {@link #attempt(List)} (first drafts and revisions) and
 * every persona's final outcome with {@link #outcome(boolean, int, List)}. Per-rule pass rates are
 * over attempts; the error and warning rates are over the accepted personas' final violations (the
 * error rate of the accepted corpus must be 0).
 */
public final class ValidationStats {
  /** The counts kept besides the per-rule failures, with their names in {@link #counts()}. */
  private enum Count {
    ATTEMPTS,
    PERSONAS,
    ACCEPTED,
    REJECTED,
    REVISIONS,
    PERSONAS_REVISED,
    ACCEPTED_WITH_ERRORS,
    ACCEPTED_WITH_WARNINGS;

    final String key = name().toLowerCase(Locale.ROOT);
  }

  /** Prefix of a rule's failure count in {@link #counts()}. */
  public static final String FAILED_PREFIX = "failed|";

  private final TreeMap<String, long[]> failuresByRule = new TreeMap<>();
  private final long[] counts = new long[Count.values().length];

  /** Empty stats listing {@code ruleNames} (so rules that never fail still show a pass rate). */
  public ValidationStats(List<String> ruleNames) {
    for (String r : ruleNames) {
      failuresByRule.putIfAbsent(r, new long[1]);
    }
  }

  public ValidationStats() {
    this(List.of());
  }

  /** One validation attempt (a first draft or a revision) and its violations. */
  public ValidationStats attempt(List<Violation> violations) {
    add(Count.ATTEMPTS, 1);
    String last = null;
    for (Violation v : violations) {
      // A rule that fails twice in one attempt (two wrong ages) counts once.
      if (!v.rule().equals(last)) {
        failuresByRule.computeIfAbsent(v.rule(), k -> new long[1])[0]++;
      }
      last = v.rule();
    }
    return this;
  }

  /**
   * One persona's final outcome.
   *
   * @param wasAccepted whether it passed (and goes on to dedup)
   * @param revisionsMade how many revisions it took (0 = the first draft was final)
   * @param finalViolations the violations of its final text
   */
  public ValidationStats outcome(
      boolean wasAccepted, int revisionsMade, List<Violation> finalViolations) {
    if (revisionsMade < 0) {
      throw new IllegalArgumentException("revisionsMade must be >= 0, got " + revisionsMade);
    }
    add(Count.PERSONAS, 1);
    add(Count.REVISIONS, revisionsMade);
    if (revisionsMade > 0) {
      add(Count.PERSONAS_REVISED, 1);
    }
    if (!wasAccepted) {
      add(Count.REJECTED, 1);
      return this;
    }
    add(Count.ACCEPTED, 1);
    boolean error = false;
    boolean warning = false;
    for (Violation v : finalViolations) {
      error |= v.severity() == Severity.ERROR;
      warning |= v.severity() == Severity.WARNING;
    }
    if (error) {
      add(Count.ACCEPTED_WITH_ERRORS, 1);
    }
    if (warning) {
      add(Count.ACCEPTED_WITH_WARNINGS, 1);
    }
    return this;
  }

  /**
   * Every figure as a named count, for workers to publish (as metrics counters, say) and a driver
   * to sum and read back with {@link #addCounts}. Zero counts are left out.
   */
  public Map<String, Long> counts() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Count c : Count.values()) {
      out.put(c.key, get(c));
    }
    failuresByRule.forEach((rule, n) -> out.put(FAILED_PREFIX + rule, n[0]));
    out.values().removeIf(n -> n == 0);
    return out;
  }

  /**
   * Adds counts named as by {@link #counts()} (of one or many stats, summed) into this and returns
   * this.
   *
   * @throws IllegalArgumentException for a name {@link #counts()} never makes
   */
  public ValidationStats addCounts(Map<String, Long> named) {
    named.forEach(
        (name, n) -> {
          if (name.startsWith(FAILED_PREFIX)) {
            failuresByRule
                    .computeIfAbsent(name.substring(FAILED_PREFIX.length()), k -> new long[1])[0] +=
                n;
            return;
          }
          Count c =
              Arrays.stream(Count.values())
                  .filter(k -> k.key.equals(name))
                  .findFirst()
                  .orElseThrow(
                      () -> new IllegalArgumentException("not a validation count: " + name));
          add(c, n);
        });
    return this;
  }

  private void add(Count c, long n) {
    counts[c.ordinal()] += n;
  }

  private long get(Count c) {
    return counts[c.ordinal()];
  }

  public long attempts() {
    return get(Count.ATTEMPTS);
  }

  public long personas() {
    return get(Count.PERSONAS);
  }

  public long accepted() {
    return get(Count.ACCEPTED);
  }

  public long rejected() {
    return get(Count.REJECTED);
  }

  public long revisions() {
    return get(Count.REVISIONS);
  }

  /** Share of accepted personas whose final text has an error (must be 0). */
  public double hardErrorRate() {
    return accepted() == 0 ? 0 : (double) get(Count.ACCEPTED_WITH_ERRORS) / accepted();
  }

  /** Share of accepted personas whose final text has at least one warning. */
  public double warningRate() {
    return accepted() == 0 ? 0 : (double) get(Count.ACCEPTED_WITH_WARNINGS) / accepted();
  }

  /** Share of attempts that {@code rule} passed (1 when there were no attempts). */
  public double passRate(String rule) {
    long[] f = failuresByRule.get(rule);
    long failed = f == null ? 0 : f[0];
    return attempts() == 0 ? 1 : (double) (attempts() - failed) / attempts();
  }

  /**
   * The {@code validation} object of summary.json: plain maps, lists, numbers and strings, in a
   * stable key order.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("personas_validated", personas());
    out.put("attempts", attempts());
    out.put("accepted", accepted());
    out.put("rejected", rejected());
    out.put("revisions", revisions());
    out.put("personas_revised", get(Count.PERSONAS_REVISED));
    out.put("hard_error_rate", hardErrorRate());
    out.put("warning_rate", warningRate());
    Map<String, Object> rules = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : failuresByRule.entrySet()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("attempts", attempts());
      r.put("failed", e.getValue()[0]);
      r.put("pass_rate", passRate(e.getKey()));
      rules.put(e.getKey(), r);
    }
    out.put("rules", rules);
    return out;
  }
}
