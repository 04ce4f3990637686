package io.personaforge.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.SemanticConfig;
import io.personaforge.schemas.ParquetFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A round's settled personas go to their tables — accepted to personas, rejected to rejects,
 * duplicates to duplicates, surplus to none; accepted ones' sketches beside them — and the counts
 * the refill rounds are built on are read back from what was written: per outcome, and accepted per
 * cell.
 */
class WriteCorpusTest {
  @TempDir Path dir;

  @Test
  void eachOutcomeGoesToItsTableAndIsCountedFromWhatWasWritten() throws IOException {
    RunSpec spec = Fixtures.spec(10, List.of());
    PersonaRecord a1 = Fixtures.persona("a1", 0, 1, "x", "Ann is 30 years old.");
    PersonaRecord a2 = Fixtures.persona("a2", 0, 2, "x", "Bea is 30 years old.");
    PersonaRecord a3 = Fixtures.persona("a3", 0, 3, "y", "Cy is 30 years old.");
    PersonaRecord r1 =
        Fixtures.persona("r1", 0, 4, "x", "Too short.")
            .rejected(PersonaRecord.Stage.VALIDATION, "word_count (too short)", null);
    PersonaRecord s1 = Fixtures.persona("s1", 0, 5, "y", "Dee is 30 years old.");
    PersonaRecord dup = Fixtures.persona("d1", 0, 6, "x", "Ann is 30.");
    DuplicateRow d1 = new DuplicateRow("d1", "a1", 0.9, "lexical", 0, 6, "x", "Ann is 30.");
    List<Settled> settled =
        List.of(
            Settled.accepted(a1),
            Settled.accepted(a2),
            Settled.accepted(a3),
            Settled.rejected(r1),
            Settled.surplus(s1),
            Settled.duplicate(d1, dup));

    Pipeline p = Fixtures.pipeline();
    p.apply(Create.of(settled).withCoder(SettledCoder.of()))
        .apply(
            new WriteCorpus(
                dir.toString(),
                "snappy",
                spec.rows(),
                new PersonaSketch.Sketcher(
                    new DedupConfig(true, null, SemanticConfig.defaults().withEnabled(false), null),
                    List.of(),
                    null)));
    Fixtures.run(p);

    WriteCorpus.Counts counts = WriteCorpus.commit(dir);
    assertEquals(6, counts.settled());
    assertEquals(3, counts.of(Settled.Kind.ACCEPTED));
    assertEquals(1, counts.of(Settled.Kind.REJECTED));
    assertEquals(1, counts.of(Settled.Kind.DUPLICATE));
    assertEquals(1, counts.of(Settled.Kind.SURPLUS));
    assertEquals(2, counts.acceptedIn("x"));
    assertEquals(1, counts.acceptedIn("y"));

    assertEquals(List.of("a1", "a2", "a3"), column(dir.resolve("personas"), "id"));
    assertEquals(List.of("r1"), column(dir.resolve("rejects"), "id"));
    assertEquals(List.of("validation"), column(dir.resolve("rejects"), "stage"));
    assertEquals(List.of("a1"), column(dir.resolve("duplicates"), "duplicate_of"));
    // The accepted personas' sketches, for later rounds to compare with.
    assertEquals(List.of("a1", "a2", "a3"), column(dir.resolve("sketches"), "id"));
    assertEquals(List.of("ann", "ann", "ann"), column(dir.resolve("sketches"), "first_name"));
  }

  /** One column of a table, sorted. */
  private static List<String> column(Path table, String name) throws IOException {
    List<String> out = new ArrayList<>();
    ParquetFiles.forEachRow(
        table,
        row -> {
          out.add(String.valueOf(row.get(name)));
          return true;
        });
    out.sort(null);
    return out;
  }
}
