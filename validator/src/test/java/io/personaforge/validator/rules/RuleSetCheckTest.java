package io.personaforge.validator.rules;

import static io.personaforge.validator.Fixtures.attrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.validator.Fixtures;
import io.personaforge.validator.RuleSpec;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RuleSetCheckTest {
  static RuleSetCheck rules(RuleSpec... specs) {
    List<String> keys =
        IntStream.range(0, specs.length).mapToObj(i -> "validation.rules[" + i + "]").toList();
    return new RuleSetCheck(List.of(specs), keys, Fixtures.tiny());
  }

  static Subject persona(String narrative, String... pathValue) {
    return new Subject(attrs(pathValue), narrative, Map.of("name", "Maria Lopez"));
  }

  static final RuleSpec MINORS =
      new RuleSpec(
          "young_not_lawyer",
          "attr.demographics.age < 24",
          "attr.work.occupation in ['student', 'nurse']",
          Severity.ERROR,
          "a {demographics.age}-year-old cannot be a {work.occupation}");

  @Test
  void whenAndRequireHoldOrFail() {
    RuleSetCheck check = rules(MINORS);
    assertEquals(
        List.of(
            new Violation("young_not_lawyer", Severity.ERROR, "a 20-year-old cannot be a lawyer")),
        check.check(persona("", "demographics.age", "20", "work.occupation", "lawyer")));
    assertEquals(
        List.of(), check.check(persona("", "demographics.age", "20", "work.occupation", "nurse")));
    // 'when' false: the rule does not apply.
    assertEquals(
        List.of(), check.check(persona("", "demographics.age", "40", "work.occupation", "lawyer")));
  }

  @Test
  void ruleWithoutWhenAlwaysApplies() {
    RuleSetCheck check =
        rules(new RuleSpec("adult", null, "attr.demographics.age >= 18", null, null));
    List<Violation> v = check.check(persona("", "demographics.age", "17"));
    assertEquals(1, v.size());
    assertEquals(Severity.ERROR, v.get(0).severity(), "severity defaults to error");
    assertEquals("rule adult does not hold: attr.demographics.age >= 18", v.get(0).message());
    assertEquals(List.of(), check.check(persona("", "demographics.age", "18")));
  }

  @Test
  void warningsKeepTheirSeverity() {
    RuleSetCheck check =
        rules(
            new RuleSpec(
                "big_family", null, "attr.household.children < 4", Severity.WARNING, "many kids"));
    assertEquals(
        List.of(new Violation("big_family", Severity.WARNING, "many kids")),
        check.check(persona("", "household.children", "4")));
  }

  @Test
  void aRuleIsSkippedWhenAnAttributeItReadsIsMissing() {
    RuleSetCheck check = rules(MINORS);
    // No occupation drawn (progressive depth): skipped, not crashed, not violated.
    assertEquals(List.of(), check.check(persona("", "demographics.age", "20")));
    // An integer that does not parse counts as missing.
    assertEquals(
        List.of(), check.check(persona("", "demographics.age", "", "work.occupation", "lawyer")));
  }

  @Test
  void numbersBooleansAndMixedNumericComparisons() {
    RuleSetCheck check =
        rules(
            new RuleSpec(
                "savers", "attr.health.smoker", "attr.finances.savings_rate < 0.5", null, "x"),
            new RuleSpec("age_mixed", null, "attr.demographics.age > 17.5", null, "y"));
    assertEquals(
        List.of("savers"),
        names(check.check(persona("", "health.smoker", "true", "finances.savings_rate", "0.75"))));
    assertEquals(
        List.of(),
        check.check(persona("", "health.smoker", "false", "finances.savings_rate", "0.75")));
    assertEquals(List.of("age_mixed"), names(check.check(persona("", "demographics.age", "17"))));
  }

  @Test
  void narrativeAndFieldsAreVariables() {
    RuleSetCheck check =
        rules(
            new RuleSpec(
                "name_used", null, "narrative.contains(fields.name)", null, "use the name"),
            new RuleSpec("nick", null, "fields.nickname.size() < 10", null, "short nickname"));
    assertEquals(List.of(), check.check(persona("Maria Lopez is here.")));
    assertEquals(List.of("name_used"), names(check.check(persona("She is here."))));
    // fields.nickname is absent: rule 'nick' is skipped.
    assertEquals(List.of("name_used"), names(check.check(persona("She is here."))));
  }

  @Test
  void survivesJavaSerializationAndRecompilesLazily() throws Exception {
    RuleSetCheck check = rules(MINORS);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(check);
    }
    RuleSetCheck copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (RuleSetCheck) in.readObject();
    }
    Subject bad = persona("", "demographics.age", "20", "work.occupation", "lawyer");
    assertEquals(check.check(bad), copy.check(bad));
    // Many threads share one instance after deserialization.
    long failures =
        IntStream.range(0, 200).parallel().filter(i -> copy.check(bad).size() != 1).count();
    assertEquals(0, failures);
  }

  @Test
  void aRuleThatFailsToEvaluateFailsLoudly() {
    RuleSetCheck check =
        rules(new RuleSpec("div", null, "100 / attr.household.children > 1", null, null));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> check.check(persona("", "household.children", "0")));
    assertTrue(e.getMessage().startsWith("rule 'div' failed to evaluate"), e.getMessage());
  }

  @Test
  void theCombinedProgramAgreesWithRuleByRuleEvaluation() {
    RuleSpec[] specs = {
      MINORS,
      new RuleSpec("adult", null, "attr.demographics.age >= 18 // a comment", null, "adult"),
      new RuleSpec("smokers_save", "attr.health.smoker", "attr.demographics.age > 30", null, "s"),
      new RuleSpec("kids", null, "attr.household.children < 3", null, "kids"),
      new RuleSpec("named", null, "narrative.contains(fields.name)", Severity.WARNING, "name")
    };
    RuleSetCheck all = rules(specs);
    List<Subject> personas =
        List.of(
            persona(
                "", "demographics.age", "17", "work.occupation", "lawyer", "health.smoker", "true"),
            persona("Maria Lopez", "demographics.age", "40", "work.occupation", "nurse"),
            persona(
                "",
                "demographics.age",
                "20",
                "work.occupation",
                "lawyer",
                "health.smoker",
                "false",
                "household.children",
                "3"),
            new Subject(
                attrs(
                    "demographics.age", "25", "work.occupation", "nurse", "health.smoker", "true"),
                "x",
                Map.of()));
    for (Subject p : personas) {
      List<Violation> oneByOne =
          java.util.Arrays.stream(specs).flatMap(r -> rules(r).check(p).stream()).toList();
      assertEquals(oneByOne, all.check(p), p.attributes().toString());
    }
    assertEquals(
        List.of("young_not_lawyer", "adult", "smokers_save", "named"),
        names(all.check(personas.get(0))));
  }

  static List<String> names(List<Violation> v) {
    return v.stream().map(Violation::rule).toList();
  }
}
