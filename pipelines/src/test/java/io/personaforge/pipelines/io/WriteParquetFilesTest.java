package io.personaforge.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.pipelines.Execution;
import io.personaforge.schemas.ParquetFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables come out once per row whatever attempts wrote: only the files the last attempt's manifest
 * lists are kept. A re-run attempt is played here by running the same job twice into one folder —
 * what Flink does after losing a TaskManager — with a half-written file of a dead bundle beside.
 */
class WriteParquetFilesTest {
  private static final Schema ROW =
      SchemaBuilder.record("Row").fields().requiredInt("n").endRecord();

  @Test
  void aReRunAttemptLeavesEachRowOnceAndTheTallyCountsThem(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("round-0");
    write(dir, 100);
    // A bundle of a dead attempt: a file nobody listed.
    Path stray =
        dir.resolve(WriteParquetFiles.ATTEMPTS_DIR).resolve("even").resolve("part-x.parquet");
    Files.writeString(stray, "half a file");
    write(dir, 100);

    WriteParquetFiles.Written w = WriteParquetFiles.commit(dir);

    assertEquals(50, w.count("even"));
    assertEquals(50, w.count("odd"));
    assertEquals(99 * 100 / 2, w.count("sum"), "several keys per row, counted once per row");
    assertEquals(50, ParquetFiles.rowCount(dir.resolve("even")), "each row once");
    assertEquals(0, ParquetFiles.rowCount(dir.resolve("odd")), "odd rows are tallied, not written");
    List<Integer> rows = new ArrayList<>();
    ParquetFiles.forEachRow(dir.resolve("even"), r -> rows.add((Integer) r.get("n")));
    rows.sort(null);
    assertEquals(IntStream.range(0, 50).map(i -> 2 * i).boxed().toList(), rows);
    assertFalse(Files.exists(dir.resolve(WriteParquetFiles.ATTEMPTS_DIR)), "attempts deleted");
  }

  @Test
  void anEmptyJobStillWritesAManifest(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("round-1");
    write(dir, 0);
    WriteParquetFiles.Written w = WriteParquetFiles.commit(dir);
    assertTrue(w.tally().isEmpty() && w.files().isEmpty(), w.toString());
  }

  @Test
  void withoutAManifestNothingIsKept(@TempDir Path tmp) throws Exception {
    IOException e = assertThrows(IOException.class, () -> WriteParquetFiles.commit(tmp));
    assertTrue(e.getMessage().contains("did not complete"), e.getMessage());
  }

  /**
   * Writes 0..count-1: even numbers to table "even", odd ones nowhere; tallied by parity, and
   * summed under "sum".
   */
  private static void write(Path dir, int count) {
    Pipeline p = Pipeline.create(Execution.direct().options());
    String schema = ROW.toString();
    ParquetSink<Integer> sink =
        new ParquetSink<>(
            ROW,
            "snappy",
            n -> {
              GenericData.Record r = new GenericData.Record(new Schema.Parser().parse(schema));
              r.put("n", n);
              return r;
            });
    p.apply(Create.of(IntStream.range(0, count).boxed().toList()).withCoder(VarIntCoder.of()))
        .apply(
            new WriteParquetFiles<>(
                dir.toString(),
                Map.of("even", sink),
                n -> n % 2 == 0 ? List.of("even") : List.of(),
                (n, tally) -> {
                  tally.merge(n % 2 == 0 ? "even" : "odd", 1L, Long::sum);
                  tally.merge("sum", (long) n, Long::sum);
                }));
    p.run().waitUntilFinish();
  }
}
