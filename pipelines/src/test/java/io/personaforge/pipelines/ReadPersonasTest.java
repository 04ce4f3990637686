package io.personaforge.pipelines;

import io.personaforge.schemas.ParquetFiles;
import io.personaforge.schemas.Schemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Earlier rounds' personas come back from their Parquet files, from every round's folder the
 * pattern matches, with what later rounds compare them by (ids, place in the draw order, cell,
 * attributes, narrative, fields); no file yet (a first refill with nothing accepted) reads as none.
 */
class ReadPersonasTest {
  @TempDir Path dir;

  @Test
  void readsThePersonasOfEveryMatchedRound() throws IOException {
    List<PersonaRecord> round0 = new ArrayList<>();
    List<PersonaRecord> round1 = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      round0.add(written("a" + i, 0, i, "Ann number " + i + " grows beans."));
      round1.add(written("b" + i, 1, 10 + i, "Bo number " + i + " sails boats."));
    }
    write(dir.resolve("round-0/personas/part-0.parquet"), round0);
    write(dir.resolve("round-1/personas/part-0.parquet"), round1);
    // Another table beside them is not read.
    write(dir.resolve("round-1/rejects-like/part-0.parquet"), List.of(written("x", 1, 99, "X.")));

    Pipeline p = Fixtures.pipeline();
    List<PersonaRecord> all = new ArrayList<>(round0);
    all.addAll(round1);
    PAssert.that(
            p.apply(
                new ReadPersonas(dir.resolve("round-*").resolve("personas/*.parquet").toString())))
        .containsInAnyOrder(all);
    p.run().waitUntilFinish();
  }

  @Test
  void aPatternThatMatchesNothingReadsNoPersona() {
    Pipeline p = Fixtures.pipeline();
    PAssert.that(
            p.apply(
                new ReadPersonas(dir.resolve("round-*").resolve("personas/*.parquet").toString())))
        .empty();
    p.run().waitUntilFinish();
  }

  /** A persona as the personas table keeps it (the raw model output is not kept). */
  private static PersonaRecord written(String id, int round, long ordinal, String narrative) {
    return PersonaRecord.sampled(id, 7, round, ordinal, "c", Map.of("demographics.age", "30"))
        .withDraft(narrative, Map.of("name", "Ann Lee"), null, 1);
  }

  private static void write(Path file, List<PersonaRecord> personas) throws IOException {
    Files.createDirectories(file.getParent());
    RunSpec spec = Fixtures.spec(10, List.of());
    try (ParquetWriter<GenericRecord> w =
        ParquetFiles.writer(new LocalOutputFile(file), Schemas.persona(), "snappy")) {
      for (PersonaRecord r : personas) {
        w.write(spec.rows().persona(r));
      }
    }
  }
}
