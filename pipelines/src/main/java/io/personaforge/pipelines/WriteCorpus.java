package io.personaforge.pipelines;

import io.personaforge.pipelines.io.AvroRows;
import io.personaforge.pipelines.io.ParquetSink;
import io.personaforge.pipelines.io.WriteParquetFiles;
import io.personaforge.schemas.Schemas;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes a round's settled personas as Parquet under {@code dir}, by outcome: {@code personas/}
 * (accepted), {@code rejects/} and {@code duplicates/}, each {@code part-*.parquet} (one file per
 * bundle of rows), with the Avro schemas of the {@code schemas} module. Surplus personas are
 * counted, not written.
 */
public final class WriteCorpus extends PTransform<PCollection<Settled>, PDone> {
  private final String dir;
  private final String codec;
  private final AvroRows rows;

  public WriteCorpus(String dir, String codec, AvroRows rows) {
    this.dir = dir;
    this.codec = codec;
    this.rows = rows;
  }

  @Override
  public PDone expand(PCollection<Settled> settled) {
    AvroRows r = rows;
    Map<String, ParquetSink<Settled>> tables = new LinkedHashMap<>();
    tables.put(
        "personas", new ParquetSink<>(Schemas.persona(), codec, s -> r.persona(s.persona())));
    tables.put("rejects", new ParquetSink<>(Schemas.reject(), codec, s -> r.reject(s.persona())));
    tables.put(
        "duplicates",
        new ParquetSink<>(Schemas.duplicate(), codec, s -> r.duplicate(s.duplicate())));
    return settled.apply("WriteTables", new WriteParquetFiles<>(dir, tables, WriteCorpus::table));
  }

  /** The table of a settled persona; none for surplus. */
  static String table(Settled s) {
    return switch (s.kind()) {
      case ACCEPTED -> "personas";
      case REJECTED -> "rejects";
      case DUPLICATE -> "duplicates";
      case SURPLUS -> null;
    };
  }
}
