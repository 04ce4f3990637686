package io.personaforge.schemas;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/** Parquet writers with the project's settings, streaming reads of local tables, footer counts. */
public final class ParquetFiles {
  private ParquetFiles() {}

  /** What to do with one row; returns false to stop reading. */
  @FunctionalInterface
  public interface RowVisitor {
    boolean visit(GenericRecord row) throws IOException;
  }

  /**
   * Streams the rows of the Parquet files directly in {@code dir}, file by file in name order: one
   * row group in memory at a time, so a table of any size can be read. Stops when {@code visitor}
   * returns false.
   */
  public static void forEachRow(Path dir, RowVisitor visitor) throws IOException {
    for (Path f : files(dir)) {
      if (!forEachRowOf(f, null, visitor)) {
        return;
      }
    }
  }

  /**
   * Streams the rows of one Parquet file, reading only the columns of {@code projection} (a subset
   * of the file's Avro schema; null reads every column). Returns false when {@code visitor} stopped
   * the reading.
   */
  public static boolean forEachRowOf(Path file, Schema projection, RowVisitor visitor)
      throws IOException {
    AvroParquetReader.Builder<GenericRecord> builder =
        AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file));
    if (projection != null) {
      PlainParquetConfiguration conf = new PlainParquetConfiguration();
      conf.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION, projection.toString());
      builder.withConf(conf);
    }
    try (ParquetReader<GenericRecord> reader = builder.build()) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        if (!visitor.visit(r)) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code schema} with only the named top-level fields, in its order: a read projection. */
  public static Schema projection(Schema schema, Set<String> fields) {
    List<Schema.Field> kept = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      if (fields.contains(f.name())) {
        kept.add(new Schema.Field(f, f.schema()));
      }
    }
    if (kept.size() != fields.size()) {
      throw new IllegalArgumentException(
          "not all of " + fields + " are fields of " + schema.getFullName());
    }
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), schema.isError(), kept);
  }

  /** A parquet-avro writer for {@code schema} with the given codec (snappy, zstd, gzip, ...). */
  public static ParquetWriter<GenericRecord> writer(OutputFile file, Schema schema, String codec)
      throws IOException {
    return AvroParquetWriter.<GenericRecord>builder(file)
        .withSchema(schema)
        .withCompressionCodec(CompressionCodecName.fromConf(codec.toUpperCase(Locale.ROOT)))
        .build();
  }

  /**
   * Writes {@code dir/part-empty.parquet} with no rows when {@code dir} holds no Parquet file, so
   * that readers of an empty table still find its schema.
   */
  public static void ensureNotEmpty(Path dir, Schema schema, String codec) throws IOException {
    Files.createDirectories(dir);
    if (!files(dir).isEmpty()) {
      return;
    }
    try (ParquetWriter<GenericRecord> w =
        writer(new LocalOutputFile(dir.resolve("part-empty.parquet")), schema, codec)) {
      // no rows: the footer alone carries the schema
    }
  }

  /** The Parquet files directly in {@code dir}, sorted by name. */
  public static List<Path> files(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.parquet")) {
      ds.forEach(out::add);
    }
    out.sort(null);
    return out;
  }

  /** Total rows in the Parquet files of {@code dir}, read from their footers only. */
  public static long rowCount(Path dir) throws IOException {
    long n = 0;
    for (Path f : files(dir)) {
      try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
        n += r.getRecordCount();
      }
    }
    return n;
  }
}
