package io.personaforge.validator;

import java.util.LinkedHashMap;
import java.util.List;
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
  private final TreeMap<String, long[]> failuresByRule = new TreeMap<>();
  private long attempts;
  private long personas;
  private long accepted;
  private long rejected;
  private long revisions;
  private long personasRevised;
  private long acceptedWithErrors;
  private long acceptedWithWarnings;

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
    attempts++;
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
    personas++;
    revisions += revisionsMade;
    if (revisionsMade > 0) {
      personasRevised++;
    }
    if (!wasAccepted) {
      rejected++;
      return this;
    }
    accepted++;
    boolean error = false;
    boolean warning = false;
    for (Violation v : finalViolations) {
      error |= v.severity() == Severity.ERROR;
      warning |= v.severity() == Severity.WARNING;
    }
    if (error) {
      acceptedWithErrors++;
    }
    if (warning) {
      acceptedWithWarnings++;
    }
    return this;
  }

  /** Prefix of a rule's failure count in {@link #counts()}. */
  public static final String FAILED_PREFIX = "failed|";

  /**
   * Every figure as a named count, for workers to publish (as metrics counters, say) and a driver
   * to sum and read back with {@link #addCounts}. Zero counts are left out.
   */
  public Map<String, Long> counts() {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("attempts", attempts);
    out.put("personas", personas);
    out.put("accepted", accepted);
    out.put("rejected", rejected);
    out.put("revisions", revisions);
    out.put("personas_revised", personasRevised);
    out.put("accepted_with_errors", acceptedWithErrors);
    out.put("accepted_with_warnings", acceptedWithWarnings);
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
  public ValidationStats addCounts(Map<String, Long> counts) {
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      long n = e.getValue();
      String name = e.getKey();
      if (name.startsWith(FAILED_PREFIX)) {
        failuresByRule
                .computeIfAbsent(name.substring(FAILED_PREFIX.length()), k -> new long[1])[0] +=
            n;
        continue;
      }
      switch (name) {
        case "attempts" -> attempts += n;
        case "personas" -> personas += n;
        case "accepted" -> accepted += n;
        case "rejected" -> rejected += n;
        case "revisions" -> revisions += n;
        case "personas_revised" -> personasRevised += n;
        case "accepted_with_errors" -> acceptedWithErrors += n;
        case "accepted_with_warnings" -> acceptedWithWarnings += n;
        default -> throw new IllegalArgumentException("not a validation count: " + name);
      }
    }
    return this;
  }

  public long attempts() {
    return attempts;
  }

  public long personas() {
    return personas;
  }

  public long accepted() {
    return accepted;
  }

  public long rejected() {
    return rejected;
  }

  public long revisions() {
    return revisions;
  }

  /** Share of accepted personas whose final text has an error (must be 0). */
  public double hardErrorRate() {
    return accepted == 0 ? 0 : (double) acceptedWithErrors / accepted;
  }

  /** Share of accepted personas whose final text has at least one warning. */
  public double warningRate() {
    return accepted == 0 ? 0 : (double) acceptedWithWarnings / accepted;
  }

  /** Share of attempts that {@code rule} passed (1 when there were no attempts). */
  public double passRate(String rule) {
    long[] f = failuresByRule.get(rule);
    long failed = f == null ? 0 : f[0];
    return attempts == 0 ? 1 : (double) (attempts - failed) / attempts;
  }

  /**
   * The {@code validation} object of summary.json: plain maps, lists, numbers and strings, in a
   * stable key order.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("personas_validated", personas);
    out.put("attempts", attempts);
    out.put("accepted", accepted);
    out.put("rejected", rejected);
    out.put("revisions", revisions);
    out.put("personas_revised", personasRevised);
    out.put("hard_error_rate", hardErrorRate());
    out.put("warning_rate", warningRate());
    Map<String, Object> rules = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : failuresByRule.entrySet()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("attempts", attempts);
      r.put("failed", e.getValue()[0]);
      r.put("pass_rate", passRate(e.getKey()));
      rules.put(e.getKey(), r);
    }
    out.put("rules", rules);
    return out;
  }
}
