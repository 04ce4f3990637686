package io.personaforge.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The built-in taxonomies never produce implausible people: checked over thousands of full-depth
 * draws, with and without quota cells that fix a non-root attribute.
 */
class BuiltinPlausibilityTest {
  private static final Taxonomy GENERAL = TaxonomyLoader.load("builtin:general", null);
  private static final Set<String> NEEDS_GRADUATE =
      Set.of("physician", "lawyer", "professor", "pharmacist", "psychologist");
  private static final Set<String> NOT_WORKING =
      Set.of("student", "retired", "unemployed", "homemaker", "unable to work");

  @Test
  void generalIsJointlyPlausible() {
    PersonaSampler s = new PersonaSampler(GENERAL);
    for (int i = 0; i < 5_000; i++) {
      checkAdult(s.sample(new Cell(Map.of(), 1), 77, 0, i));
    }
  }

  @Test
  void fixingANonRootAttributeKeepsEverythingElseConsistent() {
    PersonaSampler s = new PersonaSampler(GENERAL, SamplingConfig.depth(0, 5));
    for (Map<String, String> fixed :
        List.of(
            Map.of("work.occupation", "physician"),
            Map.of("work.employment_status", "retired"),
            Map.of("household.living_arrangement", "single parent with children"),
            Map.of("demographics.age", "18-20", "work.employment_status", "employed full-time"))) {
      for (int i = 0; i < 1_000; i++) {
        AttributeSet p = s.sample(new Cell(fixed, 1), 5, 0, i);
        checkAdult(p);
      }
    }
  }

  @Test
  void plannedQuotasOnNonRootAttributesSampleConsistently() {
    QuotaPlan plan =
        new QuotaPlanner(GENERAL)
            .plan(
                300,
                List.of(
                    new QuotaSpec("demographics.gender", Map.of("female", 0.5, "male", 0.5)),
                    new QuotaSpec(
                        "work.employment_status",
                        Map.of("employed full-time", 0.5, "retired", 0.3, "student", 0.2)),
                    QuotaSpec.joint(
                        List.of("education.level", "demographics.age_band"),
                        Map.of(
                            "graduate degree|35-44", 0.2,
                            "high school diploma|18-24", 0.3,
                            "bachelor's degree|65-74", 0.5))));
    PersonaSampler s = new PersonaSampler(GENERAL, SamplingConfig.depth(5, 10));
    long n = 0;
    for (Cell c : plan.cells()) {
      for (long i = 0; i < c.target(); i++, n++) {
        AttributeSet p = s.sample(c, 1, 0, n);
        c.fixed().forEach((k, v) -> assertEquals(v, p.get(k)));
        checkAdult(p);
      }
    }
    assertEquals(300, n);
  }

  static void checkAdult(AttributeSet p) {
    int age = Integer.parseInt(p.get("demographics.age"));
    String band = p.get("demographics.age_band");
    String label = p.values().toString();
    int[] range = band.equals("75+") ? new int[] {75, 90} : band(band);
    assertTrue(age >= range[0] && age <= range[1], "age outside band: " + label);
    String status = p.get("work.employment_status");
    String occupation = p.get("work.occupation");
    String education = p.get("education.level");
    if (status.equals("retired")) {
      assertTrue(age >= 45, "retired at " + age);
      assertTrue(occupation.startsWith("retired "), label);
    } else {
      assertTrue(!occupation.startsWith("retired "), label);
    }
    assertEquals(status.equals("student"), occupation.equals("student"), label);
    if (NEEDS_GRADUATE.contains(occupation)) {
      assertEquals("graduate degree", education, label);
    }
    if (education.equals("graduate degree")) {
      assertTrue(age >= 25, "graduate degree at " + age);
    }
    if (education.equals("bachelor's degree")) {
      assertTrue(age >= 21, "bachelor's at " + age);
    }
    if (age < 20) {
      assertTrue(!education.equals("associate degree"), label);
    }
    String marital = p.get("household.marital_status");
    if (age < 25) {
      assertTrue(!marital.equals("widowed"), label);
    }
    if (p.has("household.living_arrangement")) {
      String living = p.get("household.living_arrangement");
      if (marital.equals("married")) {
        assertTrue(!living.equals("alone") && !living.equals("roommates"), label);
      }
      if (p.has("household.children") && p.get("household.children").equals("0")) {
        assertTrue(!living.contains("children"), label);
      }
      if (p.has("household.household_size")) {
        assertEquals(living.equals("alone"), p.get("household.household_size").equals("1"), label);
      }
    }
    if (p.has("work.workplace")) {
      assertEquals(NOT_WORKING.contains(status), p.get("work.workplace").equals("none"), label);
    }
    if (p.has("work.job.years_experience")) {
      assertTrue(Integer.parseInt(p.get("work.job.years_experience")) <= age - 15, label);
    }
    if (p.has("household.relationships.relationship_years")) {
      assertTrue(
          Integer.parseInt(p.get("household.relationships.relationship_years")) <= age - 15, label);
    }
    if (p.has("work.job.hours_per_week") && p.has("work.workplace")) {
      if (p.get("work.workplace").equals("none")) {
        assertEquals("0", p.get("work.job.hours_per_week"), label);
      }
    }
  }

  private static int[] band(String band) {
    String[] parts = band.split("-");
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
  }

  @Test
  void studentsAgeFollowsGrade() {
    Taxonomy t = TaxonomyLoader.load("builtin:students", null);
    PersonaSampler s = new PersonaSampler(t);
    long[] offsets = new long[3];
    for (int i = 0; i < 5_000; i++) {
      AttributeSet p = s.sample(new Cell(Map.of(), 1), 3, 0, i);
      int grade = Integer.parseInt(p.get("school.grade"));
      int age = Integer.parseInt(p.get("demographics.age"));
      assertTrue(age - grade >= 5 && age - grade <= 7, p.values().toString());
      offsets[age - grade - 5]++;
      String level = p.get("school.level");
      assertEquals(grade <= 5 ? "elementary" : grade <= 8 ? "middle school" : "high school", level);
      if (level.equals("elementary")) {
        assertTrue(
            !Set.of("chemistry", "physics", "biology").contains(p.get("school.favorite_subject")));
      }
    }
    assertTrue(offsets[2] < offsets[0] && offsets[2] < offsets[1], "g+7 is the exception");
  }
}
