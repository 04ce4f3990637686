package io.personaforge.pipelines;

import io.personaforge.pipelines.io.AvroRows;
import io.personaforge.pipelines.io.ParquetSink;
import io.personaforge.pipelines.io.SketchRows;
import io.personaforge.pipelines.io.WriteParquetFiles;
import io.personaforge.schemas.Schemas;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes a round's settled personas as Parquet under {@code dir}, by outcome: {@code personas/}
 * (accepted), {@code rejects/} and {@code duplicates/}, each {@code part-*.parquet} (one file per
 * bundle of rows), with the Avro schemas of the {@code schemas} module, exactly once whatever the
 * runner re-runs ({@link WriteParquetFiles}). Beside them, {@code sketches/} keeps each accepted
 * persona's {@link PersonaSketch} ({@link SketchRows}), the same way and in the same step: what
 * later rounds compare with instead of reading the narratives back ({@link ReadSketches}). Every
 * settled persona, surplus ones too (counted, not written), is tallied by outcome (accepted ones by
 * cell), with its validation figures and the taxonomy leaves it drew; {@link #commit} keeps the
 * tables and returns those counts, which the refill rounds and the summary are built on.
 */
public final class WriteCorpus extends PTransform<PCollection<Settled>, PDone> {
  private final String dir;
  private final String codec;
  private final AvroRows rows;
  private final PersonaSketch.Sketcher sketcher;

  /**
   * @param dir the round's folder
   * @param codec snappy, zstd, gzip or uncompressed
   * @param rows builds the tables' rows
   * @param sketcher makes the accepted personas' sketches
   */
  public WriteCorpus(String dir, String codec, AvroRows rows, PersonaSketch.Sketcher sketcher) {
    this.dir = dir;
    this.codec = codec;
    this.rows = rows;
    this.sketcher = sketcher;
  }

  @Override
  public PDone expand(PCollection<Settled> settled) {
    AvroRows r = rows;
    PersonaSketch.Sketcher sk = sketcher;
    Map<String, ParquetSink<Settled>> tables = new LinkedHashMap<>();
    tables.put(
        "personas", new ParquetSink<>(Schemas.persona(), codec, s -> r.persona(s.persona())));
    tables.put(
        SketchRows.TABLE,
        new ParquetSink<>(
            SketchRows.SCHEMA, codec, s -> SketchRows.toRecord(sk.sketch(s.persona()))));
    tables.put("rejects", new ParquetSink<>(Schemas.reject(), codec, s -> r.reject(s.persona())));
    tables.put(
        "duplicates",
        new ParquetSink<>(Schemas.duplicate(), codec, s -> r.duplicate(s.duplicate())));
    return settled.apply(
        "WriteTables",
        new WriteParquetFiles<>(dir, tables, WriteCorpus::tables, WriteCorpus::tally));
  }

  /**
   * Keeps the tables of a round whose job succeeded (the files of failed attempts are deleted) and
   * returns how many personas reached each outcome.
   */
  public static Counts commit(Path dir) throws IOException {
    return new Counts(WriteParquetFiles.commit(dir));
  }

  /** A round's settled personas counted from what was written, not from Beam counters. */
  public record Counts(WriteParquetFiles.Written written) {
    /** Personas that reached {@code kind}. */
    public long of(Settled.Kind kind) {
      long n = 0;
      for (Map.Entry<String, Long> e : written.tally().entrySet()) {
        if (e.getKey().equals(kind.name()) || e.getKey().startsWith(kind.name() + CELL)) {
          n += e.getValue();
        }
      }
      return n;
    }

    /** Accepted personas in the cell with key {@code cellKey}. */
    public long acceptedIn(String cellKey) {
      return written.count(Settled.Kind.ACCEPTED.name() + CELL + cellKey);
    }

    /** Every persona settled, whatever its outcome. */
    public long settled() {
      long n = 0;
      for (Settled.Kind k : Settled.Kind.values()) {
        n += of(k);
      }
      return n;
    }

    /**
     * The settled personas' validation figures summed, named as {@link
     * io.personaforge.validator.ValidationStats#counts()} names them.
     */
    public Map<String, Long> validation() {
      return withPrefix(VALIDATION);
    }

    /** Per taxonomy leaf (its path), the settled personas that drew it. */
    public Map<String, Long> leavesDrawn() {
      return withPrefix(LEAF);
    }

    private Map<String, Long> withPrefix(String prefix) {
      Map<String, Long> out = new LinkedHashMap<>();
      written
          .tally()
          .forEach(
              (k, v) -> {
                if (k.startsWith(prefix)) {
                  out.put(k.substring(prefix.length()), v);
                }
              });
      return out;
    }
  }

  /** Separates an outcome from the cell key in the tally of accepted personas. */
  private static final String CELL = "|";

  /** Prefix of a validation figure in the tally (outcomes are upper case: no clash). */
  private static final String VALIDATION = "validation.";

  /** Prefix of a taxonomy leaf's count in the tally. */
  private static final String LEAF = "leaf.";

  /**
   * What a settled persona counts for: its outcome (an accepted one with its cell), its validation
   * figures and each taxonomy leaf it drew.
   */
  static void tally(Settled s, Map<String, Long> counts) {
    counts.merge(
        s.kind() == Settled.Kind.ACCEPTED
            ? s.kind().name() + CELL + s.persona().cell()
            : s.kind().name(),
        1L,
        Long::sum);
    s.persona().validationCounts().forEach((k, v) -> counts.merge(VALIDATION + k, v, Long::sum));
    for (String path : s.persona().attributes().keySet()) {
      counts.merge(LEAF + path, 1L, Long::sum);
    }
  }

  /** The tables of a settled persona: an accepted one's sketch too; none for surplus. */
  static List<String> tables(Settled s) {
    return switch (s.kind()) {
      case ACCEPTED -> List.of("personas", SketchRows.TABLE);
      case REJECTED -> List.of("rejects");
      case DUPLICATE -> List.of("duplicates");
      case SURPLUS -> List.of();
    };
  }
}
