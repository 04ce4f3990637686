package io.personaforge.validator;

import static io.personaforge.validator.Fixtures.attrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltinRulesTest {
  static final Taxonomy GENERAL = TaxonomyLoader.load("builtin:general", null);

  /** A consistent builtin:general persona, with {@code overrides} applied. */
  static AttributeSet general(String... overrides) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("demographics.gender", "female");
    m.put("demographics.age_band", "35-44");
    m.put("demographics.age", "37");
    m.put("location.city", "Denver");
    m.put("education.level", "bachelor's degree");
    m.put("work.employment_status", "employed full-time");
    m.put("work.occupation", "nurse");
    m.put("finances.income_band", "$50k-$75k");
    m.put("household.marital_status", "married");
    m.put("household.children", "2");
    for (int i = 0; i < overrides.length; i += 2) {
      m.put(overrides[i], overrides[i + 1]);
    }
    return new AttributeSet(m);
  }

  static List<Violation> rulesOnly(ValidationConfig config, Taxonomy t, AttributeSet a) {
    Validator v = Validator.of(config, t);
    return v.validate(new Subject(a, "", Map.of())).stream()
        .filter(x -> !x.rule().contains("_consistency") && !x.rule().equals("word_count"))
        .filter(x -> !x.rule().equals("gender_pronouns"))
        .toList();
  }

  static List<Violation> rulesOnly(AttributeSet a) {
    return rulesOnly(ValidationConfig.defaults(), GENERAL, a);
  }

  @Test
  void aConsistentPersonaPassesEveryGeneralRule() {
    assertEquals(List.of(), rulesOnly(general()));
  }

  @Test
  void ageOutsideItsBand() {
    assertEquals(
        List.of(
            new Violation(
                "age_matches_age_band",
                Severity.ERROR,
                "the age 52 is outside the age group 35-44")),
        rulesOnly(general("demographics.age", "52")));
  }

  @Test
  void occupationAgainstEmploymentStatus() {
    assertEquals(
        List.of(
            new Violation(
                "occupation_matches_employment_status",
                Severity.ERROR,
                "the occupation 'nurse' does not fit the employment status 'retired'")),
        rulesOnly(
            general(
                "work.employment_status",
                "retired",
                "demographics.age_band",
                "45-54",
                "demographics.age",
                "50")));
  }

  @Test
  void occupationAgainstEducation() {
    assertEquals(
        List.of("graduate_occupation_needs_graduate_degree"),
        names(rulesOnly(general("work.occupation", "physician"))));
    assertEquals(
        List.of("professional_occupation_needs_degree"),
        names(
            rulesOnly(
                general("work.occupation", "accountant", "education.level", "some college"))));
  }

  @Test
  void householdAndAge() {
    assertEquals(
        List.of("young_parent_children"),
        names(
            rulesOnly(
                general(
                    "demographics.age_band",
                    "18-24",
                    "demographics.age",
                    "20",
                    "education.level",
                    "some college",
                    "work.occupation",
                    "cashier",
                    "household.children",
                    "3"))));
  }

  @Test
  void warningsDoNotBlock() {
    List<Violation> v =
        rulesOnly(
            general(
                "demographics.age_band",
                "25-34",
                "demographics.age",
                "30",
                "work.employment_status",
                "retired",
                "work.occupation",
                "retired nurse"));
    assertEquals(List.of("early_retirement"), names(v));
    assertTrue(Validator.passes(v));
  }

  @Test
  void builtinRulesCanBeTurnedOffAndOverridden() {
    ValidationConfig off =
        new ValidationConfig(null, null, null, false, null, null, null, null, null);
    assertEquals(List.of(), rulesOnly(off, GENERAL, general("demographics.age", "52")));
    // A user rule with a built-in rule's name replaces it.
    ValidationConfig replaced =
        new ValidationConfig(
            null,
            null,
            null,
            null,
            List.of(new RuleSpec("age_matches_age_band", null, "true", null, null)),
            null,
            null,
            null,
            null);
    assertEquals(List.of(), rulesOnly(replaced, GENERAL, general("demographics.age", "52")));
    assertTrue(Validator.of(replaced, GENERAL).ruleNames().contains("age_matches_age_band"));
  }

  @Test
  void studentsRulesCompileAgainstTheStudentsPaths() {
    // builtin:students is being written elsewhere; these are the paths it promises.
    Taxonomy students =
        TaxonomyLoader.parse(
            "builtin:students",
            """
            name: students
            categories:
              demographics:
                attributes:
                  age: {type: integer, min: 6, max: 19}
                  gender: {type: categorical, values: {female: 1, male: 1}}
              school:
                attributes:
                  grade: {type: integer, min: 1, max: 12}
                  academic_level: {type: categorical, values: {average: 1, advanced: 1}}
              learning:
                attributes:
                  motivation: {type: categorical, values: {low: 1, high: 1}}
              family:
                attributes:
                  support: {type: categorical, values: {low: 1, high: 1}}
            """);
    Validator v = Validator.of(ValidationConfig.defaults(), students);
    assertTrue(v.ruleNames().containsAll(List.of("grade_range", "age_fits_grade")));
    assertEquals(
        List.of(),
        rulesOnly(
            ValidationConfig.defaults(),
            students,
            attrs("demographics.age", "9", "school.grade", "3")));
    assertEquals(
        List.of(
            new Violation(
                "age_fits_grade",
                Severity.ERROR,
                "a student in grade 3 is 5 to 7 years older than the grade number; the age is 14")),
        rulesOnly(
            ValidationConfig.defaults(),
            students,
            attrs("demographics.age", "14", "school.grade", "3")));
  }

  @Test
  void userTaxonomiesHaveNoBuiltinRules() {
    Validator v = Validator.of(ValidationConfig.defaults(), Fixtures.tiny());
    assertFalse(v.ruleNames().contains("age_matches_age_band"));
  }

  static List<String> names(List<Violation> v) {
    return v.stream().map(Violation::rule).toList();
  }
}
