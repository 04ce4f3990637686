package io.personaforge.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.GeneratorConfig;
import io.personaforge.generator.judge.JudgeCall;
import io.personaforge.sampler.Seeds;
import io.personaforge.schemas.config.ConfigException;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import io.personaforge.validator.JudgeSpec;
import io.personaforge.validator.Severity;
import io.personaforge.validator.ValidationConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JudgesTest {
  static final Taxonomy TAXONOMY = TaxonomyLoader.load("builtin:general", null);
  static final GeneratorConfig GENERATOR =
      GeneratorConfig.builder()
          .provider("openai")
          .baseUrl("http://127.0.0.1:9/v1")
          .model("writer")
          .apiKeyEnv("")
          .temperature(0.9)
          .build();

  static Judges judges(JudgeSpec... specs) {
    ValidationConfig v =
        new ValidationConfig(null, null, null, null, null, null, null, null, List.of(specs));
    return Judges.of(v, GENERATOR, TAXONOMY, List.of("word_count"));
  }

  @Test
  void aSampledJudgeJudgesItsShareOfPersonasChosenByIdTheSameEachTime() {
    Judges.Judge audit =
        judges(new JudgeSpec("audit", "Is it specific?", null, null, 0.2, null)).all().get(0);
    assertEquals(Severity.WARNING, audit.spec().severity(), "a sampled judge only audits");
    int judged = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      String id = Seeds.personaId(7, 0, i);
      boolean once = audit.judges(id);
      assertEquals(once, audit.judges(id));
      judged += once ? 1 : 0;
    }
    assertEquals(0.2, (double) judged / n, 0.015);
    Judges.Judge all = judges(new JudgeSpec("all", "x", null, null, null, null)).all().get(0);
    assertTrue(all.judges("anything"));
    assertEquals(Severity.ERROR, all.spec().severity());
  }

  @Test
  void aJudgeUsesTheGeneratorsEndpointAtItsOwnTemperatureUnlessGivenAModel() {
    Judges.Judge same = judges(new JudgeSpec("j", "x", null, null, null, null)).all().get(0);
    assertEquals("writer", same.model().model());
    assertEquals(GENERATOR.baseUrl(), same.model().baseUrl());
    assertEquals(0.0, same.model().temperature());
    Judges.Judge own =
        judges(
                new JudgeSpec(
                    "j",
                    "x",
                    null,
                    null,
                    null,
                    new JudgeSpec.JudgeModel(
                        "ollama", "http://127.0.0.1:11434", "grader", null, 0.2)))
            .all()
            .get(0);
    assertEquals("ollama", own.model().provider());
    assertEquals("grader", own.model().model());
    assertEquals("", own.model().apiKeyEnv(), "not the generator's key variable");
    assertEquals(0.2, own.model().temperature());
  }

  @Test
  void aCallDependsOnThePersonaTheAttemptAndTheJudge() {
    Judges js =
        judges(
            new JudgeSpec("a", "Is it specific?", null, null, null, null),
            new JudgeSpec("b", "Is it specific?", null, null, null, null));
    PersonaRecord p =
        PersonaRecord.sampled("p1", 7, 0, 3, "", Map.of("demographics.age", "37"))
            .withDraft("Ana is 37 years old.", Map.of("name", "Ana"), "{}", 0);
    JudgeCall a0 = js.all().get(0).call(p);
    assertEquals(a0, js.all().get(0).call(p), "the same question every time: replayable");
    assertNotEquals(a0.seed(), js.all().get(1).call(p).seed());
    assertNotEquals(
        a0.seed(),
        js.all().get(0).call(p.withDraft("Ana is 37 years old.", Map.of(), "{}", 1)).seed());
    assertTrue(a0.prompt().contains("Is it specific?") && a0.prompt().contains("Ana is 37"));
  }

  @Test
  void badJudgesAreNamedAtTheirKey() {
    ConfigException twice =
        assertThrows(
            ConfigException.class,
            () ->
                judges(
                    new JudgeSpec("a", "x", null, null, null, null),
                    new JudgeSpec("a", "y", null, null, null, null)));
    assertEquals("validation.judges[1].name", twice.keyPath());
    ConfigException rule =
        assertThrows(
            ConfigException.class,
            () -> judges(new JudgeSpec("word_count", "x", null, null, null, null)));
    assertEquals("validation.judges[0].name", rule.keyPath());
    ConfigException noModel =
        assertThrows(
            ConfigException.class,
            () ->
                judges(
                    new JudgeSpec(
                        "a",
                        "x",
                        null,
                        null,
                        null,
                        new JudgeSpec.JudgeModel("openai", null, null, null, null))));
    assertEquals("validation.judges[0].model", noModel.keyPath());
    assertTrue(noModel.problem().contains("model"), noModel.problem());
  }
}
