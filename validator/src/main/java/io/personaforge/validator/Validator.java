package io.personaforge.validator;

import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.validator.checks.AgeConsistencyCheck;
import io.personaforge.validator.checks.WordCountCheck;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Runs a fixed list of checks over personas. Immutable and thread-safe. */
public final class Validator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Taxonomy path whose value the age check compares with ages stated in the narrative. */
  public static final String AGE_PATH = "demographics.age";

  private final List<Check> checks;

  public Validator(List<Check> checks) {
    this.checks = List.copyOf(checks);
  }

  /** The built-in checks, configured by the run's validation section. */
  public static Validator of(ValidationConfig config, Taxonomy taxonomy) {
    List<Check> checks = new ArrayList<>();
    checks.add(new WordCountCheck(config.minWords(), config.maxWords()));
    if (taxonomy.has(AGE_PATH)) {
      checks.add(new AgeConsistencyCheck(AGE_PATH));
    }
    return new Validator(checks);
  }

  public List<Check> checks() {
    return checks;
  }

  /** Every violation of every check, in check order. */
  public List<Violation> validate(Subject subject) {
    List<Violation> out = new ArrayList<>();
    for (Check c : checks) {
      out.addAll(c.check(subject));
    }
    return out;
  }

  /** True when no violation is an error. */
  public static boolean passes(List<Violation> violations) {
    return violations.stream().noneMatch(v -> v.severity() == Severity.ERROR);
  }
}
