package io.personaforge.validator;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * One LLM judge in {@code validation.judges}: a model that reads a persona's narrative and answers
 * a rubric with {@code {verdict: pass|fail, score: 1-5, problems: [...]}}. It catches what rules
 * cannot name: a narrative that is incoherent, generic, or true to every attribute but not a
 * person.
 *
 * @param name stable name reported in violations, rejects and the summary (lower-case, digits, '_')
 * @param rubric what the judge asks, in plain words, or {@code builtin:coherence}; inserted into
 *     the prompt as {@code {{rubric}}}
 * @param prompt path of a Mustache template replacing the built-in judge prompt (relative to
 *     run.yaml); null for the built-in one
 * @param severity error (a fail goes into the revise loop with the judge's problems as feedback,
 *     then to rejects) or warning (recorded only); default error, or warning for a sampled judge
 * @param sample the share of personas judged, above 0 up to 1 (default 1, every persona); below 1
 *     the judge audits (warning only), on personas chosen by their id
 * @param model the judge's own endpoint and model; null judges with the generator's
 */
public record JudgeSpec(
    String name, String rubric, String prompt, Severity severity, Double sample, JudgeModel model)
    implements Serializable {
  /** Every persona is judged unless a share is given. */
  public static final double DEFAULT_SAMPLE = 1.0;

  public JudgeSpec {
    if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "name: a judge's name must be lower-case letters, digits and '_' (starting with a"
              + " letter), got '"
              + name
              + "'");
    }
    rubric = rubric == null || rubric.isBlank() ? null : rubric.strip();
    prompt = prompt == null || prompt.isBlank() ? null : prompt.strip();
    if (rubric == null && prompt == null) {
      throw new IllegalArgumentException(
          "rubric: judge '"
              + name
              + "' needs a rubric: what it asks of a narrative, in plain words, or"
              + " builtin:coherence");
    }
    sample = sample == null ? DEFAULT_SAMPLE : sample;
    if (!(sample > 0 && sample <= 1)) {
      throw new IllegalArgumentException(
          "sample: " + sample + " is out of range; allowed: above 0 to 1 (the share judged)");
    }
    if (severity == null) {
      severity = sample < 1 ? Severity.WARNING : Severity.ERROR;
    } else if (severity == Severity.ERROR && sample < 1) {
      throw new IllegalArgumentException(
          "severity: judge '"
              + name
              + "' judges a sample ("
              + sample
              + ") of the personas, so it can only audit: an error would reject personas of the"
              + " sample alone; set severity: warning, or remove sample to judge every persona");
    }
  }

  /** Whether this judge only audits a share of the personas. */
  public boolean audit() {
    return sample < 1;
  }

  /** This judge with its prompt path resolved against {@code dir} (the folder of run.yaml). */
  public JudgeSpec resolvedAgainst(Path dir) {
    return prompt == null
        ? this
        : new JudgeSpec(name, rubric, dir.resolve(prompt).toString(), severity, sample, model);
  }

  /**
   * A judge's own endpoint and model. Every key is optional: a key left out is the generator's (and
   * the temperature is {@link #DEFAULT_TEMPERATURE}).
   *
   * @param provider {@code openai} or {@code ollama}
   * @param baseUrl the endpoint
   * @param model the model name
   * @param apiKeyEnv the environment variable holding the API key ({@code ""}: none)
   * @param temperature sampling temperature of the judge's answers
   */
  public record JudgeModel(
      String provider, String baseUrl, String model, String apiKeyEnv, Double temperature)
      implements Serializable {
    /** A grader should grade the same text the same way: no sampling spread. */
    public static final double DEFAULT_TEMPERATURE = 0.0;
  }
}
