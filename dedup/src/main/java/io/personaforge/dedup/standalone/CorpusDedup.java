package io.personaforge.dedup.standalone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.DedupResult;
import io.personaforge.dedup.Deduplicator;
import io.personaforge.dedup.Doc;
import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.DuplicateMatch;
import io.personaforge.dedup.semantic.Embedder;
import io.personaforge.schemas.Schemas;
import io.personaforge.schemas.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The work of {@code personaforge dedup --input FILE --id-column id --text-column text --out OUT}:
 * reads any corpus (CSV, JSONL, Parquet), removes exact and near-duplicate rows keeping the first
 * of each (input order is keep-first order) and writes {@code OUT/kept.parquet} (every input column
 * of the kept rows, in input order), {@code OUT/duplicates.parquet} (id, duplicate_of, similarity,
 * method; schema {@code corpus-duplicate.avsc} of the schemas module) and {@code OUT/summary.json}.
 */
public final class CorpusDedup {
  /** Schema of {@code duplicates.parquet}. */
  public static final Schema DUPLICATE_SCHEMA = Schemas.load("corpus-duplicate.avsc");

  private CorpusDedup() {}

  /**
   * What was done, as written to {@code summary.json}.
   *
   * @param input the input file
   * @param rows rows read
   * @param kept rows written to kept.parquet
   * @param emptyTexts rows whose text is missing, null or blank: kept (an empty text is a copy of
   *     nothing) and never compared
   * @param duplicates rows written to duplicates.parquet
   * @param byMethod duplicates per method (exact, lexical, semantic)
   * @param semantic whether semantic dedup ran
   * @param embeddingRate texts embedded per second (0 when semantic dedup did not run)
   * @param seconds wall time of reading, deduplicating and writing
   * @param config the settings used
   */
  public record Summary(
      String input,
      long rows,
      long kept,
      long emptyTexts,
      long duplicates,
      Map<String, Long> byMethod,
      boolean semantic,
      double embeddingRate,
      double seconds,
      DedupConfig config) {}

  /**
   * Runs the command's work.
   *
   * @param embedders builds the embedder when semantic dedup turns out to be on (it loads a model,
   *     so it is only called then)
   * @throws ConfigException for a missing/unreadable input, an unknown column (the message lists
   *     the columns that exist), an empty id or an id on two rows
   */
  public static Summary run(
      Path input,
      String idColumn,
      String textColumn,
      Path outDir,
      DedupConfig config,
      Supplier<Embedder> embedders) {
    long t0 = System.nanoTime();
    Table table = CorpusFiles.read(input);
    Schema.Field idField = requireColumn(table, idColumn, "--id-column");
    Schema.Field textField = requireColumn(table, textColumn, "--text-column");
    List<GenericRecord> rows = table.rows();
    boolean semanticOn = config.enabled() && config.semantic().on();
    Deduplicator dedup = new Deduplicator(config, semanticOn ? embedders.get() : null, false);
    requireUniqueIds(table, idField, idColumn);
    long emptyTexts = 0;
    for (int i = 0; i < rows.size(); i++) {
      String id = rows.get(i).get(idField.pos()).toString();
      Object text = rows.get(i).get(textField.pos());
      if (text == null || text.toString().isBlank()) {
        // Empty texts would all be "exact" copies of the first one: rows lost without a reason.
        emptyTexts++;
        continue;
      }
      // The row index is the ordinal: input order is keep-first order.
      dedup.add(new Doc(new DocRef(id, 0, i), text.toString()));
    }
    DedupResult result = dedup.finish();

    Set<Long> removed = new HashSet<>();
    List<GenericRecord> duplicates = new ArrayList<>();
    Map<String, Long> byMethod = new LinkedHashMap<>();
    for (String m : List.of("exact", "lexical", "semantic")) {
      byMethod.put(m, 0L);
    }
    for (DuplicateMatch m : result.duplicates()) {
      removed.add(m.doc().ordinal());
      GenericRecord r = new GenericData.Record(DUPLICATE_SCHEMA);
      r.put("id", m.doc().id());
      r.put("duplicate_of", m.duplicateOf().id());
      r.put("similarity", m.similarity());
      r.put("method", m.method());
      duplicates.add(r);
      byMethod.merge(m.method(), 1L, Long::sum);
    }
    List<GenericRecord> kept = new ArrayList<>(rows.size() - removed.size());
    for (int i = 0; i < rows.size(); i++) {
      if (!removed.contains((long) i)) {
        kept.add(rows.get(i));
      }
    }
    try {
      Files.createDirectories(outDir);
      CorpusFiles.writeParquet(outDir.resolve("kept.parquet"), table.schema(), kept);
      CorpusFiles.writeParquet(outDir.resolve("duplicates.parquet"), DUPLICATE_SCHEMA, duplicates);
      Summary summary =
          new Summary(
              input.toString(),
              rows.size(),
              kept.size(),
              emptyTexts,
              duplicates.size(),
              byMethod,
              result.stats().semantic(),
              result.stats().embeddingRate(),
              (System.nanoTime() - t0) / 1e9,
              config);
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(outDir.resolve("summary.json").toFile(), summary);
      return summary;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + outDir + ": " + e.getMessage(), e);
    }
  }

  /** Most repeated ids a refusal lists; the rest are counted. */
  private static final int MAX_LISTED = 5;

  /**
   * Every row needs an id of its own: {@code duplicates.parquet} names rows by id, and "a duplicate
   * of a" means nothing when two rows are a.
   */
  private static void requireUniqueIds(Table table, Schema.Field idField, String idColumn) {
    List<GenericRecord> rows = table.rows();
    Map<String, Integer> firstRow = new HashMap<>();
    List<String> repeats = new ArrayList<>();
    int repeated = 0;
    for (int i = 0; i < rows.size(); i++) {
      Object id = rows.get(i).get(idField.pos());
      if (id == null || id.toString().isEmpty()) {
        throw new ConfigException(
            table.source(),
            0,
            0,
            "",
            "row " + (i + 1) + " has an empty " + idColumn + " (--id-column)");
      }
      Integer first = firstRow.putIfAbsent(id.toString(), i + 1);
      if (first != null) {
        repeated++;
        if (repeats.size() < MAX_LISTED) {
          repeats.add("'" + id + "' on rows " + first + " and " + (i + 1));
        }
      }
    }
    if (repeated > 0) {
      throw new ConfigException(
          table.source(),
          0,
          0,
          "",
          "ids must be unique ("
              + idColumn
              + ", --id-column), but "
              + String.join(", ", repeats)
              + (repeated > MAX_LISTED ? " and " + (repeated - MAX_LISTED) + " more" : "")
              + "; give every row its own id");
    }
  }

  private static Schema.Field requireColumn(Table table, String column, String option) {
    Schema.Field f = table.field(column);
    if (f == null) {
      throw new ConfigException(
          table.source(),
          0,
          0,
          "",
          "no column '"
              + column
              + "' ("
              + option
              + "); the columns are: "
              + String.join(", ", table.columns()));
    }
    return f;
  }
}
