package io.personaforge.taxonomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuiltinTaxonomyTest {
  @Test
  void everyBuiltinLoadsWithoutProblems() {
    for (String name : TaxonomyLoader.BUILTINS) {
      TaxonomyLoader.Checked c = TaxonomyLoader.check(name, null);
      assertTrue(c.ok(), name + ":\n" + c.report());
    }
  }

  @Test
  void generalCoversAWholePerson() {
    Taxonomy t = TaxonomyLoader.load("builtin:general", null);
    Map<String, Integer> top = TaxonomyPrinter.countsByTopCategory(t);
    assertTrue(top.size() >= 12, "top-level categories: " + top);
    assertTrue(t.attributes().size() >= 300, "leaves: " + t.attributes().size());
    for (Attribute a : t.attributes()) {
      assertTrue(a.domain() != null, a.path());
      if (a.type() == AttributeType.CATEGORICAL) {
        assertTrue(!a.possibleValues().isEmpty(), a.path());
      }
    }
    for (Attribute a : t.attributes()) {
      if (a.core()
          && a.path().startsWith("demographics.")
          && a.type() == AttributeType.CATEGORICAL) {
        assertTrue(!a.source().isBlank(), "core demographic without source: " + a.path());
      }
    }
  }

  /** Paths and values other engineers rely on: they must survive any edit of general.yaml. */
  @Test
  void generalKeepsThePathsAndValuesOthersDependOn() {
    Taxonomy t = TaxonomyLoader.load("builtin:general", null);
    Map<String, List<String>> required =
        Map.ofEntries(
            Map.entry("demographics.gender", List.of("female", "male")),
            Map.entry(
                "demographics.age_band",
                List.of("18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")),
            Map.entry("location.region", List.of("northeast", "midwest", "south", "west")),
            Map.entry("location.city", List.of("Columbus", "New York", "Houston", "Los Angeles")),
            Map.entry(
                "education.level",
                List.of(
                    "less than high school",
                    "high school diploma",
                    "some college",
                    "associate degree",
                    "bachelor's degree",
                    "graduate degree")),
            Map.entry(
                "work.employment_status",
                List.of(
                    "employed full-time",
                    "employed part-time",
                    "self-employed",
                    "unemployed",
                    "student",
                    "retired",
                    "homemaker",
                    "unable to work")),
            Map.entry(
                "work.occupation",
                List.of("student", "retired teacher", "physician", "software engineer", "cashier")),
            Map.entry(
                "finances.income_band",
                List.of(
                    "under $25k", "$25k-$50k", "$50k-$75k", "$75k-$100k", "$100k-$150k", "$150k+")),
            Map.entry(
                "household.marital_status",
                List.of("married", "never married", "divorced", "widowed", "separated")));
    required.forEach(
        (path, values) -> {
          Attribute a = t.attribute(path).orElseThrow(() -> new AssertionError(path));
          assertTrue(a.possibleValues().containsAll(values), path + " lost a value");
        });
    assertEquals(AttributeType.INTEGER, t.attribute("demographics.age").orElseThrow().type());
    assertEquals(AttributeType.INTEGER, t.attribute("household.children").orElseThrow().type());
    for (String trait :
        List.of("openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism")) {
      Domain.IntegerRange r =
          (Domain.IntegerRange) t.attribute("personality." + trait).orElseThrow().domain();
      assertEquals(1, r.min());
      assertEquals(5, r.max());
    }
    for (String p :
        Set.of(
            "location.setting",
            "education.field",
            "work.workplace",
            "finances.saving_habit",
            "household.pets",
            "health.exercise_frequency",
            "health.diet",
            "health.smoker",
            "values.religion",
            "values.political_leaning",
            "values.core_value",
            "interests.main_hobby",
            "interests.favorite_music",
            "media.primary_platform",
            "media.tech_comfort",
            "communication.style",
            "routine.chronotype",
            "routine.commute",
            "demographics.race_ethnicity")) {
      assertTrue(t.has(p), p);
    }
  }

  @Test
  void studentsHasThePathsRulesAreWrittenAgainst() {
    Taxonomy t = TaxonomyLoader.load("builtin:students", null);
    assertEquals(AttributeType.INTEGER, t.attribute("demographics.age").orElseThrow().type());
    assertEquals(
        Set.of("female", "male"),
        t.attribute("demographics.gender").orElseThrow().possibleValues());
    Domain.IntegerRange grade =
        (Domain.IntegerRange) t.attribute("school.grade").orElseThrow().domain();
    assertEquals(1, grade.min());
    assertEquals(12, grade.max());
    for (String p :
        List.of(
            "school.academic_level",
            "school.favorite_subject",
            "school.subjects_struggling",
            "learning.style",
            "learning.motivation",
            "family.support")) {
      assertTrue(t.has(p), p);
    }
  }

  @Test
  void showPrintsTheTreeWithCounts() {
    Taxonomy t = TaxonomyLoader.load("builtin:general", null);
    String tree = TaxonomyPrinter.render(t);
    System.out.println(tree.substring(0, Math.min(tree.length(), 3000)));
    assertTrue(tree.startsWith("builtin:general: " + t.attributes().size() + " attributes in "));
    assertTrue(tree.contains("\npersonality/ ("), tree);
    assertTrue(tree.contains("  facets/ (30 attributes)"), tree);
    assertTrue(tree.contains("  age: integer 18..90 uniform, 7 conditionals, core"), tree);
  }
}
