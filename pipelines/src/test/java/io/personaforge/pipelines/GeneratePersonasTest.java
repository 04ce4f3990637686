package io.personaforge.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.sampler.QuotaSpec;
import io.personaforge.sampler.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A round from earlier rounds' sketches (none: the first round) to its tables written: every cell
 * filled exactly, with valid personas, and each accepted persona's sketch kept for the rounds
 * after.
 */
class GeneratePersonasTest {
  @TempDir Path dir;

  @Test
  void aRoundFillsEveryCellExactlyWithWrittenValidPersonas() throws IOException {
    RunSpec spec =
        Fixtures.spec(
            60,
            List.of(
                new QuotaSpec(
                    "location.region", Map.of("south", 0.5, "west", 0.3, "northeast", 0.2))));
    long[] counts = spec.plan().cells().stream().mapToLong(c -> c.target()).toArray();
    WriteCorpus.Counts written =
        Fixtures.runRound(
            spec, new RoundDraw(0, 0, counts, Rounds.deficits(spec.plan(), Map.of())), dir);

    assertEquals(60, written.of(Settled.Kind.ACCEPTED));
    assertEquals(0, written.of(Settled.Kind.REJECTED));
    List<PersonaRecord> accepted = Fixtures.readPersonas(dir.resolve("round-0/personas"));
    Map<String, Long> regions = new HashMap<>();
    for (PersonaRecord r : accepted) {
      regions.merge(r.attributes().get("location.region"), 1L, Long::sum);
      String age = r.attributes().get("demographics.age");
      assertTrue(
          r.narrative().contains(age + " years old") || r.narrative().contains(age + "-year-old"),
          r.narrative());
      assertEquals(r.id(), Seeds.personaId(7, 0, r.ordinal()));
    }
    assertEquals(Map.of("south", 30L, "west", 18L, "northeast", 12L), regions);
    assertTrue(Files.isDirectory(dir.resolve("round-0/sketches")), "sketches kept beside");
    assertEquals(
        accepted.stream().map(PersonaRecord::id).sorted().toList(),
        Fixtures.ids(dir.resolve("round-0/sketches")));
  }
}
