package io.personaforge.pipelines;

import io.personaforge.validator.ValidationStats;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A persona as it moves through the pipeline: sampled, then written, then validated. Immutable;
 * each stage returns a copy with its part filled in. Encoded by {@link PersonaRecordCoder}.
 *
 * @param id stable id (hash of run seed, round, ordinal)
 * @param runSeed the run seed
 * @param round generation round
 * @param ordinal position in the run's draw order
 * @param cell quota cell key
 * @param attributes sampled attributes, in sampling order
 * @param narrative the narrative, or null before it is written
 * @param fields structured fields written with the narrative
 * @param revisions revisions made after failed validation
 * @param warnings warning-severity violations of the accepted draft ("rule: message")
 * @param violations every error of every attempt (for rejects)
 * @param failedStage null while the persona is alive; where it was rejected once it is
 * @param reason one-line reason for a rejection, or null
 * @param lastOutput the last raw model output, or null
 * @param judgements every judge verdict of every attempt judged
 * @param validationCounts this persona's own validation figures, named as {@link
 *     ValidationStats#counts()} names them (its attempts, its outcome, its revisions, the rules
 *     each attempt failed): the run's {@code validation} figures are their sum over the settled
 *     personas, taken from the written tables' tallies, so a re-run bundle does not count twice
 */
public record PersonaRecord(
    String id,
    long runSeed,
    int round,
    long ordinal,
    String cell,
    Map<String, String> attributes,
    String narrative,
    Map<String, String> fields,
    int revisions,
    List<String> warnings,
    List<Attempt> violations,
    Stage failedStage,
    String reason,
    String lastOutput,
    List<Judgement> judgements,
    Map<String, Long> validationCounts)
    implements Serializable {
  public PersonaRecord {
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields == null ? Map.of() : fields));
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    violations = violations == null ? List.of() : List.copyOf(violations);
    judgements = judgements == null ? List.of() : List.copyOf(judgements);
    validationCounts =
        validationCounts == null || validationCounts.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new TreeMap<>(validationCounts));
  }

  /** A freshly sampled persona, not yet written. */
  public static PersonaRecord sampled(
      String id,
      long runSeed,
      int round,
      long ordinal,
      String cell,
      Map<String, String> attributes) {
    return new PersonaRecord(
        id,
        runSeed,
        round,
        ordinal,
        cell,
        attributes,
        null,
        Map.of(),
        0,
        List.of(),
        List.of(),
        null,
        null,
        null,
        List.of(),
        Map.of());
  }

  /** This persona with a (new) draft. */
  public PersonaRecord withDraft(
      String narrative, Map<String, String> fields, String rawOutput, int revisions) {
    return new PersonaRecord(
        id,
        runSeed,
        round,
        ordinal,
        cell,
        attributes,
        narrative,
        fields,
        revisions,
        warnings,
        violations,
        failedStage,
        reason,
        rawOutput,
        judgements,
        validationCounts);
  }

  /**
   * This persona with violations of one attempt added, its warnings set, and the attempt's
   * validation figures ({@link ValidationStats#counts()} names) added to its own.
   */
  public PersonaRecord withChecks(
      List<Attempt> newViolations, List<String> newWarnings, Map<String, Long> newCounts) {
    List<Attempt> all = new ArrayList<>(violations);
    all.addAll(newViolations);
    Map<String, Long> counts = new TreeMap<>(validationCounts);
    newCounts.forEach((k, v) -> counts.merge(k, v, Long::sum));
    return new PersonaRecord(
        id,
        runSeed,
        round,
        ordinal,
        cell,
        attributes,
        narrative,
        fields,
        revisions,
        newWarnings,
        all,
        failedStage,
        reason,
        lastOutput,
        judgements,
        counts);
  }

  /** This persona with the verdicts of one judged attempt added. */
  public PersonaRecord withJudgements(List<Judgement> newJudgements) {
    List<Judgement> all = new ArrayList<>(judgements);
    all.addAll(newJudgements);
    return new PersonaRecord(
        id,
        runSeed,
        round,
        ordinal,
        cell,
        attributes,
        narrative,
        fields,
        revisions,
        warnings,
        violations,
        failedStage,
        reason,
        lastOutput,
        all,
        validationCounts);
  }

  /** This persona, rejected at {@code stage} for {@code why}. */
  public PersonaRecord rejected(Stage stage, String why, String rawOutput) {
    return new PersonaRecord(
        id,
        runSeed,
        round,
        ordinal,
        cell,
        attributes,
        narrative,
        fields,
        revisions,
        warnings,
        violations,
        stage,
        why,
        rawOutput != null ? rawOutput : lastOutput,
        judgements,
        validationCounts);
  }

  /** Where a persona was rejected. */
  public enum Stage {
    /** No usable draft: the writer failed, or its answer could not be read. */
    GENERATION,
    /** Its last draft still broke an error-severity check, or it broke the first-name cap. */
    VALIDATION;

    /** The name the rejects table's {@code stage} column and the coder use. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The stage named {@code label}, or null for null. */
    public static Stage ofLabel(String label) {
      return label == null ? null : valueOf(label.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * One violation found on one attempt.
   *
   * @param attempt 0 for the first draft, n for the n-th revision
   * @param rule rule or check name
   * @param severity {@code error} or {@code warning}
   * @param message what was wrong
   */
  public record Attempt(int attempt, String rule, String severity, String message)
      implements Serializable {}

  /**
   * One judge's verdict on one attempt.
   *
   * @param attempt 0 for the first draft, n for the n-th revision
   * @param judge the judge's name
   * @param pass its verdict
   * @param score 1 (worst) to 5 (best)
   * @param problems what it found wrong
   * @param millis request time the verdict cost when it was paid for (replayed with it)
   */
  public record Judgement(
      int attempt, String judge, boolean pass, int score, List<String> problems, long millis)
      implements Serializable {
    public Judgement {
      problems = List.copyOf(problems);
    }
  }
}
