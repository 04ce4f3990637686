package io.personaforge.dedup.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.personaforge.schemas.config.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Reads a corpus from CSV (header row; quoted fields may span lines), JSONL (one JSON object per
 * line) or Parquet, chosen by the file's extension, and writes Parquet. Problems the user can fix
 * (missing or unreadable file, unknown format, malformed row) are {@link ConfigException}s naming
 * the file, and the line when known.
 */
public final class CorpusFiles {
  /** SNAPPY: fast, and read by every Parquet tool. */
  public static final CompressionCodecName DEFAULT_CODEC = CompressionCodecName.SNAPPY;

  private static final ObjectMapper JSON = new ObjectMapper();

  private CorpusFiles() {}

  /**
   * Reads {@code file}: {@code .csv}, {@code .jsonl}/{@code .ndjson}/{@code .json}, {@code
   * .parquet}.
   */
  public static Table read(Path file) {
    String name = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          name,
          0,
          0,
          "",
          "file not found (working directory: " + Path.of("").toAbsolutePath() + ")");
    }
    if (!Files.isReadable(file)) {
      throw new ConfigException(name, 0, 0, "", "the file is not readable (check its permissions)");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    try {
      if (lower.endsWith(".csv")) {
        return readCsv(file);
      }
      if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) {
        return readJsonl(file);
      }
      if (lower.endsWith(".parquet")) {
        return readParquet(file);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ConfigException c) {
        throw c;
      }
      throw new ConfigException(name, 0, 0, "", "cannot read the file: " + oneLine(e), e);
    }
    throw new ConfigException(
        name, 0, 0, "", "unknown file type; use a .csv, .jsonl (or .ndjson) or .parquet file");
  }

  private static Table readCsv(Path file) throws IOException {
    CsvMapper mapper = new CsvMapper();
    mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    List<String> header;
    List<String[]> lines = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(in)) {
      if (!it.hasNext()) {
        throw new ConfigException(file.toString(), 0, 0, "", "the file is empty (no header row)");
      }
      header = List.of(it.next());
      while (it.hasNext()) {
        int line = it.getCurrentLocation() == null ? 0 : it.getCurrentLocation().getLineNr();
        String[] row = it.next();
        if (row.length == 1 && row[0].isEmpty()) {
          continue; // a blank line
        }
        if (row.length != header.size()) {
          throw new ConfigException(
              file.toString(),
              line,
              0,
              "",
              "row has " + row.length + " fields, the header has " + header.size());
        }
        lines.add(row);
      }
    }
    Schema schema = stringSchema(header);
    List<GenericRecord> rows = new ArrayList<>(lines.size());
    for (String[] values : lines) {
      GenericRecord r = new GenericData.Record(schema);
      for (int i = 0; i < values.length; i++) {
        r.put(i, values[i]);
      }
      rows.add(r);
    }
    return new Table(file.toString(), schema, rows);
  }

  private static Table readJsonl(Path file) throws IOException {
    LinkedHashMap<String, Boolean> columns = new LinkedHashMap<>();
    List<ObjectNode> objects = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          throw new ConfigException(
              file.toString(), lineNo, 0, "", "not valid JSON: " + oneLine(e), e);
        }
        if (!(node instanceof ObjectNode obj)) {
          throw new ConfigException(
              file.toString(), lineNo, 0, "", "each line must be one JSON object");
        }
        obj.fieldNames().forEachRemaining(k -> columns.putIfAbsent(k, true));
        objects.add(obj);
      }
    }
    List<String> names = new ArrayList<>(columns.keySet());
    Schema schema = stringSchema(names);
    List<GenericRecord> rows = new ArrayList<>(objects.size());
    for (ObjectNode obj : objects) {
      GenericRecord r = new GenericData.Record(schema);
      for (int i = 0; i < names.size(); i++) {
        JsonNode v = obj.get(names.get(i));
        r.put(i, v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString());
      }
      rows.add(r);
    }
    return new Table(file.toString(), schema, rows);
  }

  private static Table readParquet(Path file) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    Schema schema = null;
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
            .withConf(new Configuration(false))
            .build()) {
      GenericRecord r;
      while ((r = reader.read()) != null) {
        schema = r.getSchema();
        rows.add(r);
      }
    }
    if (schema == null) {
      throw new ConfigException(file.toString(), 0, 0, "", "the Parquet file has no rows");
    }
    return new Table(file.toString(), schema, rows);
  }

  /** A record schema of nullable string fields, one per column, with valid unique Avro names. */
  static Schema stringSchema(List<String> columns) {
    List<Schema.Field> fields = new ArrayList<>(columns.size());
    Set<String> used = new HashSet<>();
    Schema nullableString =
        Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
    for (String column : columns) {
      String avroName = avroName(column);
      String unique = avroName;
      for (int k = 2; !used.add(unique); k++) {
        unique = avroName + "_" + k;
      }
      Schema.Field f =
          new Schema.Field(unique, nullableString, null, Schema.Field.NULL_DEFAULT_VALUE);
      if (!unique.equals(column)) {
        f.addProp(Table.ORIGINAL_NAME, column);
      }
      fields.add(f);
    }
    return Schema.createRecord(
        "Row", "A row of the input corpus", "io.personaforge.dedup", false, fields);
  }

  private static String avroName(String column) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < column.length(); i++) {
      char c = column.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '_'
              || (i > 0 && c >= '0' && c <= '9');
      sb.append(ok ? c : '_');
    }
    return sb.length() == 0 ? "_" : sb.toString();
  }

  /** Writes {@code rows} (all of {@code schema}) to a new Parquet file, replacing any old one. */
  public static void writeParquet(Path file, Schema schema, Iterable<GenericRecord> rows)
      throws IOException {
    Files.deleteIfExists(file);
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
            .withSchema(schema)
            .withConf(new Configuration(false))
            .withCompressionCodec(DEFAULT_CODEC)
            .build()) {
      Iterator<GenericRecord> it = rows.iterator();
      while (it.hasNext()) {
        writer.write(it.next());
      }
    }
  }

  /** Reads a whole Parquet file back (tests and small outputs). */
  public static List<Map<String, Object>> readParquetRows(Path file) {
    Table t = read(file);
    List<Map<String, Object>> out = new ArrayList<>();
    for (GenericRecord r : t.rows()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Schema.Field f : t.schema().getFields()) {
        Object v = r.get(f.pos());
        m.put(Table.columnName(f), v instanceof CharSequence cs ? cs.toString() : v);
      }
      out.add(m);
    }
    return out;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
