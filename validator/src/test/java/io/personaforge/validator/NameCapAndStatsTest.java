package io.personaforge.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NameCapAndStatsTest {
  @Test
  void overCapKeepsTheFirstByRoundThenOrdinal() {
    List<NameCap.Entry> maria =
        List.of(
            new NameCap.Entry("r1-o2", 1, 2),
            new NameCap.Entry("r0-o9", 0, 9),
            new NameCap.Entry("r1-o0", 1, 0),
            new NameCap.Entry("r0-o3", 0, 3));
    assertEquals(List.of("r1-o0", "r1-o2"), NameCap.overCap(maria, 2));
    assertEquals(List.of(), NameCap.overCap(maria, 4));
    assertEquals(List.of("r0-o3", "r0-o9", "r1-o0", "r1-o2"), NameCap.overCap(maria, 0));
    assertThrows(IllegalArgumentException.class, () -> NameCap.overCap(maria, -1));
  }

  @Test
  void firstNameIgnoresTitlesCaseAndPunctuation() {
    assertEquals("maria", NameCap.firstName("Dr. Maria Garcia"));
    assertEquals("maria", NameCap.firstName("  MARIA, the baker"));
    assertEquals("", NameCap.firstName(" "));
    assertEquals(
        "the first name 'Maria' is already used by 20 personas in this corpus (the cap); choose a"
            + " different, less common first name",
        NameCap.violation("Dr. Maria Garcia", 20).message());
  }

  @Test
  void capConfig() {
    NameCapConfig c = new NameCapConfig(0.01, 3);
    assertEquals(3, c.cap(100));
    assertEquals(100, c.cap(10_000));
    assertEquals(
        "first_name_cap.min_count must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new NameCapConfig(null, 0))
            .getMessage());
  }

  @Test
  void statsSummedAsCountsAndReported() {
    Violation ageError = new Violation("age_consistency", Severity.ERROR, "x");
    Violation warning = new Violation("early_retirement", Severity.WARNING, "y");
    List<String> rules = List.of("age_consistency", "early_retirement", "word_count");
    ValidationStats a = new ValidationStats(rules);
    // Persona 1: fails, is revised once, then passes with a warning.
    a.attempt(List.of(ageError, ageError)).attempt(List.of(warning));
    a.outcome(true, 1, List.of(warning));
    ValidationStats b = new ValidationStats(rules);
    // Persona 2: fails three times and is rejected; persona 3 passes at once.
    b.attempt(List.of(ageError)).attempt(List.of(ageError)).attempt(List.of(ageError));
    b.outcome(false, 2, List.of(ageError));
    b.attempt(List.of()).outcome(true, 0, List.of());
    // As the pipeline does: each worker publishes its counts, the driver sums them by name.
    Map<String, Long> summed = new java.util.HashMap<>(a.counts());
    b.counts().forEach((k, v) -> summed.merge(k, v, Long::sum));
    ValidationStats all = new ValidationStats(rules).addCounts(summed);
    assertEquals(6, all.attempts());
    assertEquals(3, all.personas());
    assertEquals(2, all.accepted());
    assertEquals(1, all.rejected());
    assertEquals(3, all.revisions());
    assertEquals(0.0, all.hardErrorRate());
    assertEquals(0.5, all.warningRate());
    assertEquals(2.0 / 6, all.passRate("age_consistency"), 1e-12);
    Map<String, Object> json = all.toJson();
    assertEquals(3L, json.get("personas_validated"));
    assertEquals(2L, json.get("personas_revised"));
    assertEquals(
        Map.of("attempts", 6L, "failed", 0L, "pass_rate", 1.0),
        ((Map<?, ?>) json.get("rules")).get("word_count"));
    assertEquals(
        List.of("age_consistency", "early_retirement", "word_count"),
        List.copyOf(((Map<?, ?>) json.get("rules")).keySet()));
  }

  @Test
  void countsAreOnlyTheNamesStatsMake() {
    ValidationStats s = new ValidationStats();
    s.attempt(List.of(new Violation("r", Severity.ERROR, "m"))).outcome(false, 0, List.of());
    assertEquals(
        Map.of("attempts", 1L, "personas", 1L, "rejected", 1L, "failed|r", 1L), s.counts());
    assertThrows(
        IllegalArgumentException.class,
        () -> new ValidationStats().addCounts(Map.of("accepted_twice", 1L)));
  }

  @Test
  void anAcceptedPersonaWithAnErrorShowsInTheHardErrorRate() {
    ValidationStats s = new ValidationStats();
    s.outcome(true, 0, List.of(new Violation("r", Severity.ERROR, "m")));
    s.outcome(true, 0, List.of());
    assertEquals(0.5, s.hardErrorRate());
  }
}
