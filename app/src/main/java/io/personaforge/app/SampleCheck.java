package io.personaforge.app;

import io.personaforge.generator.Draft;
import io.personaforge.generator.GenerationException;
import io.personaforge.generator.PersonaWriter;
import io.personaforge.generator.PersonaWriters;
import io.personaforge.generator.WriteRequest;
import io.personaforge.pipelines.config.RunConfig;
import io.personaforge.sampler.Cell;
import io.personaforge.sampler.PersonaSampler;
import io.personaforge.sampler.Seeds;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Validator;
import io.personaforge.validator.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Foresight for {@code validate-config}: a few personas written by the configured offline writer
 * and checked against the configured rules, as a run checks them, before anything runs. A taxonomy
 * whose narratives can never pass (too short for {@code min_words}, a rule no persona meets) shows
 * here in milliseconds instead of after a run of thousands of rejected personas. LLM writers are
 * not sampled: their calls cost money and time.
 *
 * @param written personas written
 * @param passed personas that passed
 * @param failures per rule, how many personas it rejected (their last attempt), most first
 * @param examples per rule, the first violation's message
 */
public record SampleCheck(
    int written, int passed, Map<String, Integer> failures, Map<String, String> examples) {

  /** Enough personas to spread over a few quota cells; the offline writer takes ~1 ms each. */
  public static final int DEFAULT_SAMPLES = 20;

  /** Whether the configured writer is sampled (the offline writer only). */
  public static boolean applies(RunConfig config) {
    return !config.generator().capabilities().remote();
  }

  /** Writes and checks {@code n} personas spread over the plan's cells. */
  public static SampleCheck of(RunConfigLoader.LoadedRun loaded, int n) throws GenerationException {
    RunConfig config = loaded.config();
    PersonaSampler sampler = new PersonaSampler(loaded.taxonomy(), config.sampling());
    Validator validator = Validator.of(config.validation(), loaded.taxonomy());
    List<Cell> cells = loaded.plan().cells();
    int passed = 0;
    Map<String, Integer> failures = new LinkedHashMap<>();
    Map<String, String> examples = new LinkedHashMap<>();
    try (PersonaWriter writer = PersonaWriters.create(config.generator(), loaded.taxonomy())) {
      for (int i = 0; i < n; i++) {
        Cell cell = cells.get((int) ((long) i * cells.size() / n));
        AttributeSet attrs = sampler.sample(cell, config.seed(), 0, i);
        String id = Seeds.personaId(config.seed(), 0, i);
        long seed = Seeds.mix(config.seed(), 0, i);
        // One draft, as in a run: the offline writer writes from the attributes alone, so a run
        // never sends its narratives back for revision (a revision would read the same).
        Draft draft = writer.write(WriteRequest.first(id, seed, attrs));
        List<Violation> violations =
            validator.validate(new Subject(attrs, draft.narrative(), draft.fields()));
        if (Validator.passes(violations)) {
          passed++;
          continue;
        }
        for (Violation v : violations) {
          if (v.severity() == Severity.ERROR) {
            failures.merge(v.rule(), 1, Integer::sum);
            examples.putIfAbsent(v.rule(), v.message());
          }
        }
      }
    }
    Map<String, Integer> sorted = new LinkedHashMap<>();
    failures.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return new SampleCheck(n, passed, sorted, examples);
  }

  /** "min_words rejected 20 (e.g. narrative has 23 words, at least 40 needed)", rule by rule. */
  public String describeFailures() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Integer> e : failures.entrySet()) {
      sb.append(sb.length() == 0 ? "" : "; ")
          .append(e.getKey())
          .append(" rejected ")
          .append(e.getValue())
          .append(" (e.g. ")
          .append(examples.get(e.getKey()))
          .append(')');
    }
    return sb.toString();
  }
}
