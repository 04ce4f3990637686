package io.personaforge.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.schemas.config.YamlDocument;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ValidatorTest {
  static final String GOOD =
      "Ana Lopez is 37 years old and lives in Denver. She works as a nurse on night shifts, and"
          + " she is divorced. On weekends she hikes with her dog, cooks for friends and reads"
          + " mystery novels late into the night. She saves a little every month and dreams of a"
          + " small cabin in the mountains one day.";

  static Subject ana(String narrative) {
    return new Subject(
        Fixtures.attrs(
            "demographics.gender", "female",
            "demographics.age", "37",
            "location.city", "Denver",
            "work.occupation", "nurse",
            "household.marital_status", "divorced"),
        narrative,
        Map.of("name", "Ana Lopez"));
  }

  @Test
  void aFaithfulNarrativePassesEveryCheck() {
    Validator v = Validator.of(ValidationConfig.defaults(), Fixtures.tiny());
    assertEquals(List.of(), v.validate(ana(GOOD)));
  }

  @Test
  void violationsComeWithRevisionFeedback() {
    Validator v = Validator.of(ValidationConfig.defaults(), Fixtures.tiny());
    String bad =
        GOOD.replace("37 years old", "42 years old").replace("She works", "He works")
            + " As an AI, I hope this helps.";
    List<Violation> violations = v.validate(ana(bad));
    assertFalse(Validator.passes(violations));
    assertEquals(
        List.of(
            "remove the assistant's words (\"as an ai\", \"i hope this helps\"): write only the"
                + " persona's narrative, with no preamble, refusal or closing remark",
            "the narrative says she is 42 years old; she is 37 (\"42 years old\")"),
        Validator.feedback(violations));
  }

  @Test
  void checksCanBeTurnedOffFromYaml() {
    YamlDocument doc =
        YamlDocument.parse(
            "run.yaml",
            """
            validation:
              min_words: 5
              max_revisions: 1
              must_mention: [household.marital_status]
              checks:
                age_consistency: false
                assistant_boilerplate: false
                first_name_cap: false
            """);
    ValidationConfig config =
        doc.bind(doc.root().path("validation"), "validation", ValidationConfig.class);
    assertEquals(5, config.minWords());
    assertEquals(ValidationConfig.DEFAULT_MAX_WORDS, config.maxWords());
    assertEquals(1, config.maxRevisions());
    Validator v = Validator.of(config, Fixtures.tiny());
    assertFalse(v.ruleNames().contains("age_consistency"));
    assertTrue(v.ruleNames().contains("must_mention"));
    assertFalse(v.ruleNames().contains(NameCap.RULE));
    assertEquals(OptionalLong.empty(), v.firstNameCap(1000));
    // The disabled checks no longer fire; must_mention does.
    List<Violation> violations =
        v.validate(ana(GOOD.replace("37", "42").replace("divorced", "single") + " As an AI."));
    assertEquals(List.of("must_mention"), violations.stream().map(Violation::rule).toList());
    assertTrue(v.mayRevise(0));
    assertFalse(v.mayRevise(1));
  }

  @Test
  void defaultsAndNameCap() {
    ValidationConfig d = ValidationConfig.defaults();
    assertEquals(ValidationConfig.DEFAULT_MIN_WORDS, d.minWords());
    assertEquals(ValidationConfig.DEFAULT_MAX_REVISIONS, d.maxRevisions());
    assertTrue(d.builtinRules());
    Validator v = Validator.of(d, Fixtures.tiny());
    assertEquals(OptionalLong.of(NameCapConfig.DEFAULT_MIN_COUNT), v.firstNameCap(100));
    assertEquals(OptionalLong.of(5_000), v.firstNameCap(100_000));
    assertTrue(v.ruleNames().contains(NameCap.RULE));
  }

  @Test
  void aValidatorSurvivesSerialization() throws Exception {
    ValidationConfig config =
        new ValidationConfig(
            null,
            null,
            null,
            null,
            List.of(new RuleSpec("adult", null, "attr.demographics.age >= 40", null, "too young")),
            null,
            null,
            null,
            null);
    Validator v = Validator.of(config, Fixtures.tiny());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(v);
    }
    Validator copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (Validator) in.readObject();
    }
    assertEquals(v.validate(ana(GOOD)), copy.validate(ana(GOOD)));
    assertEquals(List.of("adult"), copy.validate(ana(GOOD)).stream().map(Violation::rule).toList());
    assertEquals(v.ruleNames(), copy.ruleNames());
  }
}
