package io.personaforge.validator;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code validation} section of run.yaml. Every key is optional; absent keys take the {@code
 * DEFAULT_…} values. Rules and must-mention paths are checked against the taxonomy by {@link
 * Validator#of}, which throws {@link io.personaforge.schemas.config.ConfigException}s with key
 * paths such as {@code validation.rules[2].require}.
 *
 * @param minWords fewest words a narrative may have
 * @param maxWords most words a narrative may have
 * @param maxRevisions how many times a failing persona goes back to the writer before rejection
 * @param builtinRules whether the rule set shipped with a built-in taxonomy applies
 * @param rules the user's rules, applied after the built-in ones (a rule named like a built-in rule
 *     replaces it)
 * @param mustMention attribute paths whose values every narrative must mention
 * @param checks which built-in narrative checks run
 * @param firstNameCap how often one first name may appear in a run
 * @param judges LLM judges of each narrative (none by default)
 */
public record ValidationConfig(
    Integer minWords,
    Integer maxWords,
    Integer maxRevisions,
    Boolean builtinRules,
    List<RuleSpec> rules,
    List<String> mustMention,
    ChecksConfig checks,
    NameCapConfig firstNameCap,
    List<JudgeSpec> judges)
    implements Serializable {
  /** Shorter than this is a sketch, not a persona someone can role-play. */
  public static final int DEFAULT_MIN_WORDS = 40;

  /** Longer narratives cost tokens downstream without adding useful detail. */
  public static final int DEFAULT_MAX_WORDS = 600;

  /** Most contradictions are fixed by the first revision; a third attempt rarely succeeds. */
  public static final int DEFAULT_MAX_REVISIONS = 2;

  /** The shipped rule sets encode what the built-in taxonomies can draw; keep them on. */
  public static final boolean DEFAULT_BUILTIN_RULES = true;

  public ValidationConfig {
    minWords = minWords == null ? DEFAULT_MIN_WORDS : minWords;
    maxWords = maxWords == null ? DEFAULT_MAX_WORDS : maxWords;
    maxRevisions = maxRevisions == null ? DEFAULT_MAX_REVISIONS : maxRevisions;
    builtinRules = builtinRules == null ? DEFAULT_BUILTIN_RULES : builtinRules;
    rules = rules == null ? List.of() : List.copyOf(rules);
    mustMention = mustMention == null ? List.of() : List.copyOf(mustMention);
    checks = checks == null ? ChecksConfig.all() : checks;
    firstNameCap = firstNameCap == null ? NameCapConfig.defaults() : firstNameCap;
    judges = judges == null ? List.of() : List.copyOf(judges);
    if (minWords < 0) {
      throw new IllegalArgumentException("min_words must be >= 0, got " + minWords);
    }
    if (maxWords < minWords) {
      throw new IllegalArgumentException(
          "max_words (" + maxWords + ") is below min_words (" + minWords + ")");
    }
    if (maxRevisions < 0 || maxRevisions > 10) {
      throw new IllegalArgumentException("max_revisions must be in [0, 10], got " + maxRevisions);
    }
  }

  /** Word bounds and revisions only; everything else at its default. */
  public ValidationConfig(Integer minWords, Integer maxWords, Integer maxRevisions) {
    this(minWords, maxWords, maxRevisions, null, null, null, null, null, null);
  }

  /** This config with its judges' prompt paths resolved against {@code dir} (run.yaml's folder). */
  public ValidationConfig resolvedAgainst(Path dir) {
    return new ValidationConfig(
        minWords,
        maxWords,
        maxRevisions,
        builtinRules,
        rules,
        mustMention,
        checks,
        firstNameCap,
        judges.stream().map(j -> j.resolvedAgainst(dir)).toList());
  }

  public static ValidationConfig defaults() {
    return new ValidationConfig(null, null, null);
  }
}
