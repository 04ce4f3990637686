package io.personaforge.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.schemas.config.ConfigException;
import io.personaforge.schemas.config.YamlDocument;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.validator.rules.BuiltinRules;
import io.personaforge.validator.rules.RuleSetCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every user-facing problem of the validation section, as the run.yaml loader will show it: the
 * loader binds {@code validation}, calls {@link Validator#of} and places the exception in the file.
 */
class ConfigErrorsTest {
  /** Loads a run.yaml text the way the pipeline's loader does. */
  static Validator load(String yaml, Taxonomy taxonomy) {
    YamlDocument doc = YamlDocument.parse("run.yaml", yaml);
    ValidationConfig config =
        doc.bind(doc.root().path("validation"), "validation", ValidationConfig.class);
    try {
      return Validator.of(config, taxonomy);
    } catch (ConfigException e) {
      throw e.placedIn(doc);
    }
  }

  static String error(String yaml) {
    return assertThrows(ConfigException.class, () -> load(yaml, Fixtures.tiny())).getMessage();
  }

  static String rule(String when, String require) {
    return """
        validation:
          rules:
            - name: ok_rule
              require: "attr.demographics.age >= 18"
            - name: second
        """
        + (when == null ? "" : "      when: \"" + when + "\"\n")
        + "      require: \""
        + require
        + "\"\n";
  }

  @Test
  void syntaxErrorNamesFileLineKeyAndColumn() {
    assertEquals(
        "run.yaml:6:7 validation.rules[1].require: cannot compile 'attr.demographics.age >' at"
            + " column 24: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!',"
            + " 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}",
        error(rule(null, "attr.demographics.age >")));
  }

  @Test
  void unknownAttributeSuggestsTheClosest() {
    assertEquals(
        "run.yaml:6:7 validation.rules[1].when: unknown attribute 'attr.demographics.agee' (column"
            + " 1 of 'attr.demographics.agee < 3'); the taxonomy has no attribute"
            + " demographics.agee; did you mean attr.demographics.age?",
        error(rule("attr.demographics.agee < 3", "true")));
  }

  @Test
  void aCategoryIsNotAnAttribute() {
    String m = error(rule(null, "attr.demographics == 'x'"));
    assertTrue(
        m.startsWith(
            "run.yaml:6:7 validation.rules[1].require: attr.demographics (column 1) is a category,"
                + " not an attribute; name one of its attributes, e.g. attr."),
        m);
  }

  @Test
  void fieldsOfAValueAreRejected() {
    assertEquals(
        "run.yaml:6:7 validation.rules[1].require: attr.demographics.age is a value and has no"
            + " field 'years' (column 1)",
        error(rule(null, "attr.demographics.age.years > 3")));
  }

  @Test
  void hasIsExplained() {
    String m = error(rule(null, "has(attr.demographics.age)"));
    assertTrue(m.contains("has() does not apply to attributes (column 5)"), m);
  }

  @Test
  void typeMismatchIsALoadError() {
    assertEquals(
        "run.yaml:6:7 validation.rules[1].require: cannot compile 'attr.demographics.age =="
            + " 1.5 || attr.work.occupation == 3' at column 23: found no matching overload for"
            + " '_==_' applied to '(int, double)' (candidates: (%A0, %A0))",
        error(rule(null, "attr.demographics.age == 1.5 || attr.work.occupation == 3")));
    // Ordering comparisons across int and double are allowed; equality is not (CEL's choice).
    assertEquals(
        "run.yaml:6:7 validation.rules[1].require: cannot compile 'attr.demographics.age < 40.5 ||"
            + " attr.work.occupation == 3' at column 54: found no matching overload for '_==_'"
            + " applied to '(string, int)' (candidates: (%A0, %A0))",
        error(rule(null, "attr.demographics.age < 40.5 || attr.work.occupation == 3")));
  }

  @Test
  void unknownVariable() {
    String m = error(rule(null, "age > 3"));
    assertEquals(
        "run.yaml:6:7 validation.rules[1].require: cannot compile 'age > 3' at column 1:"
            + " undeclared reference to 'age' (in container '')",
        m);
  }

  @Test
  void requireMustBeBoolean() {
    assertEquals(
        "run.yaml:6:7 validation.rules[1].require: 'attr.demographics.age + 1' must give true or"
            + " false, but it gives int",
        error(rule(null, "attr.demographics.age + 1")));
  }

  @Test
  void unknownPlaceholderInMessage() {
    String yaml =
        """
        validation:
          rules:
            - name: r
              require: "attr.demographics.age >= 18"
              message: "too young at {demographics.years}"
        """;
    assertEquals(
        "run.yaml:5:7 validation.rules[0].message: '{demographics.years}' names no attribute of"
            + " the taxonomy; placeholders are attribute paths such as {demographics.age}",
        error(yaml));
  }

  @Test
  void duplicateRuleNames() {
    String yaml =
        """
        validation:
          rules:
            - {name: r, require: "true"}
            - {name: r, require: "false"}
        """;
    assertEquals(
        "run.yaml:4:8 validation.rules[1].name: rule name 'r' is already used by"
            + " validation.rules[0]",
        error(yaml));
  }

  @Test
  void ruleNamedLikeACheck() {
    String yaml =
        """
        validation:
          rules:
            - {name: word_count, require: "true"}
        """;
    assertTrue(
        error(yaml)
            .startsWith(
                "run.yaml:3:8 validation.rules[0].name: rule name 'word_count' is the name of a"
                    + " built-in check"));
  }

  @Test
  void missingRequireAndBadNameAndSeverity() {
    assertEquals(
        "run.yaml:3:7 validation.rules[0]: rule 'r' needs a 'require' expression",
        error("validation:\n  rules:\n    - name: r\n      when: \"true\"\n"));
    assertEquals(
        "run.yaml:3:7 validation.rules[0]: rule name must be lower-case letters, digits and '_'"
            + " (starting with a letter), got 'Bad Name'",
        error("validation:\n  rules:\n    - name: Bad Name\n      require: \"true\"\n"));
    assertEquals(
        "run.yaml:5:7 validation.rules[0].severity: 'fatal' is not one of: error, warning",
        error(
            "validation:\n  rules:\n    - name: r\n      require: \"true\"\n"
                + "      severity: fatal\n"));
    assertEquals(
        "run.yaml:5:7 validation.rules[0].sevrity: unknown key 'sevrity'; allowed keys: message,"
            + " name, require, severity, when",
        error(
            "validation:\n  rules:\n    - name: r\n      require: \"true\"\n"
                + "      sevrity: warning\n"));
  }

  @Test
  void mustMentionNeedsKnownMentionableAttributes() {
    assertEquals(
        "run.yaml:3:7 validation.must_mention[1]: unknown attribute 'household.pets';"
            + " must_mention takes attribute paths of taxonomy tiny.yaml, e.g. demographics.age",
        error("validation:\n  must_mention:\n    - location.city\n    - household.pets\n")
            .replace("run.yaml:4:7", "run.yaml:3:7"));
    assertTrue(
        error("validation:\n  must_mention: [health.smoker]\n")
            .startsWith(
                "run.yaml:2:18 validation.must_mention[0]: health.smoker is a boolean attribute"));
  }

  @Test
  void ruleFilesPlaceTheirErrorsInTheirOwnFile() {
    BuiltinRules.RuleFile file =
        BuiltinRules.parse(
            "extra.rules.yaml",
            """
            rules:
              - name: fine
                require: "attr.demographics.age >= 18"
              - name: broken
                require: "attr.work.job == 'x'"
            """);
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> {
              try {
                new RuleSetCheck(file.rules(), List.of("rules[0]", "rules[1]"), Fixtures.tiny());
              } catch (ConfigException x) {
                throw x.placedIn(file.document());
              }
            });
    assertEquals(
        "extra.rules.yaml:5:5 rules[1].require: unknown attribute 'attr.work.job' (column 1 of"
            + " 'attr.work.job == 'x''); the taxonomy has no attribute work.job",
        e.getMessage());
  }

  @Test
  void checksAndNameCapKeysAreStrict() {
    assertTrue(
        error("validation:\n  checks:\n    spelling: false\n")
            .startsWith(
                "run.yaml:3:5 validation.checks.spelling: unknown key 'spelling'; allowed keys:"
                    + " age_consistency, assistant_boilerplate, city_consistency,"));
    assertEquals(
        "run.yaml:3:5 validation.first_name_cap.max_share: first_name_cap.max_share must be in"
            + " (0, 1], got 1.5",
        error("validation:\n  first_name_cap:\n    max_share: 1.5\n"));
  }
}
