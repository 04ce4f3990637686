package io.personaforge.pipelines.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes rows as Parquet tables exactly once, however often the runner re-runs a bundle: each row
 * goes to the tables {@code tablesOf} names (one, several, or none), and adds what {@code tallyOf}
 * counts it for to the tally of the manifest.
 *
 * <p>How: every bundle writes its rows straight to files of its own, under a random name in {@code
 * DIR/.attempts/<table>/}, and outputs the names of the files it completed and its tally. One small
 * combine gathers what the bundles that made it into the job's result wrote, and the last step
 * writes that list as {@code DIR/manifest.json} (through a temporary file and a rename, so a re-run
 * replaces it whole). When the job has succeeded, {@link #commit} moves exactly the listed files to
 * {@code DIR/<table>/} and deletes the rest: the files of a failed attempt — a bundle that died
 * half-way, or a whole attempt Flink restarted after losing a TaskManager — are never listed,
 * because the runner only passes on the output of the attempt that succeeded. The tally in the
 * manifest is therefore a count of exactly the rows kept: decisions read it, not Beam counters,
 * which a re-run bundle may count twice.
 *
 * <p>Why not {@code FileIO.write()}, which finalizes the same way: the Direct runner replaces a
 * write with runner-determined sharding by a fixed-shard write, which groups every row by a shard
 * key; its GroupByKey copies each row through its coder, twice (bench/README.md, where the time
 * goes). Here only the file names and tallies are grouped — one small record per bundle. Why one
 * step for all tables: on Flink a step's every extra output is read, and decoded, in full by its
 * own consumer. Rows are a set — readers (DuckDB, pandas, Spark) read the folder — so which file
 * holds a row does not matter.
 */
public final class WriteParquetFiles<T> extends PTransform<PCollection<T>, PDone> {
  /** Where bundles write their files before {@link #commit} keeps the successful attempt's. */
  static final String ATTEMPTS_DIR = ".attempts";

  /** The list of the files to keep and the tally of their rows, written by the job's last step. */
  public static final String MANIFEST = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String dir;
  private final Map<String, ParquetSink<T>> tables;
  private final SerializableFunction<T, List<String>> tablesOf;
  private final Tally<T> tallyOf;

  /** What a row counts for in the manifest's tally. */
  @FunctionalInterface
  public interface Tally<T> extends Serializable {
    /** Adds the counts of {@code row} to {@code counts} (key to count, summed over the rows). */
    void count(T row, Map<String, Long> counts);
  }

  /**
   * @param dir the folder of the tables (any Beam file system path the workers and the driver
   *     share; created as needed)
   * @param tables table name to the sink that turns its rows into Parquet
   * @param tablesOf the tables a row is written to (keys of {@code tables}); empty to write it
   *     nowhere
   * @param tallyOf what a row counts for in the manifest (written or not)
   */
  public WriteParquetFiles(
      String dir,
      Map<String, ParquetSink<T>> tables,
      SerializableFunction<T, List<String>> tablesOf,
      Tally<T> tallyOf) {
    this.dir = dir;
    this.tables = new LinkedHashMap<>(tables);
    this.tablesOf = tablesOf;
    this.tallyOf = tallyOf;
  }

  @Override
  public PDone expand(PCollection<T> rows) {
    rows.apply("WriteBundles", ParDo.of(new BundleWriterFn<>(dir, tables, tablesOf, tallyOf)))
        .setCoder(Written.CODER)
        .apply("ListWritten", Combine.globally(new ListWrittenFn()))
        .setCoder(Written.CODER)
        .apply("WriteManifest", ParDo.of(new WriteManifestFn(dir)));
    return PDone.in(rows.getPipeline());
  }

  /**
   * What bundles wrote: table name to the names of its files, and tally key to its count.
   *
   * @param files table to file names (in {@code DIR/.attempts/<table>/})
   * @param tally tally key to the count of the rows under it
   */
  public record Written(Map<String, List<String>> files, Map<String, Long> tally)
      implements Serializable {
    static final Coder<Written> CODER = SerializableCoder.of(Written.class);

    public Written {
      files = new TreeMap<>(files);
      tally = new TreeMap<>(tally);
    }

    static Written none() {
      return new Written(Map.of(), Map.of());
    }

    Written plus(Written other) {
      Map<String, List<String>> f = new TreeMap<>(files);
      other.files.forEach(
          (t, names) ->
              f.merge(
                  t,
                  names,
                  (a, b) -> {
                    List<String> all = new ArrayList<>(a);
                    all.addAll(b);
                    return all;
                  }));
      Map<String, Long> n = new TreeMap<>(tally);
      other.tally.forEach((k, v) -> n.merge(k, v, Long::sum));
      return new Written(f, n);
    }

    /** Rows counted under {@code key}. */
    public long count(String key) {
      return tally.getOrDefault(key, 0L);
    }
  }

  /**
   * Keeps the files the manifest in {@code dir} lists, moved to {@code dir/<table>/}, deletes every
   * other attempt's files, and returns what the manifest says was written. Call it once the job has
   * succeeded, from the process that submitted it.
   *
   * @throws IOException when there is no manifest (the job did not complete) or a listed file is
   *     missing
   */
  public static Written commit(Path dir) throws IOException {
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw new IOException(
          "no " + MANIFEST + " in " + dir + ": the job that writes it did not complete");
    }
    Written written = JSON.readValue(manifest.toFile(), new TypeReference<Written>() {});
    Path attempts = dir.resolve(ATTEMPTS_DIR);
    for (Map.Entry<String, List<String>> e : written.files().entrySet()) {
      Path to = dir.resolve(e.getKey());
      Files.createDirectories(to);
      for (String name : e.getValue()) {
        Path from = attempts.resolve(e.getKey()).resolve(name);
        if (!Files.isRegularFile(from)) {
          throw new IOException(manifest + " lists " + from + ", which is missing");
        }
        Files.move(from, to.resolve(name));
      }
    }
    Trees.delete(attempts);
    // Temporary manifests of attempts that died between writing and renaming theirs.
    try (var leftovers = Files.newDirectoryStream(dir, MANIFEST + ".*.tmp")) {
      for (Path f : leftovers) {
        Files.delete(f);
      }
    }
    return written;
  }

  static final class BundleWriterFn<T> extends DoFn<T, Written> {
    private final String dir;
    // Each DoFn instance is its own deserialized copy and runs one bundle at a time, so its sinks
    // can hold that bundle's open files.
    private final Map<String, ParquetSink<T>> sinks;
    private final SerializableFunction<T, List<String>> tablesOf;
    private final Tally<T> tallyOf;
    private transient Map<String, WritableByteChannel> channels;
    private transient Map<String, List<String>> files;
    private transient Map<String, Long> tally;

    BundleWriterFn(
        String dir,
        Map<String, ParquetSink<T>> sinks,
        SerializableFunction<T, List<String>> tablesOf,
        Tally<T> tallyOf) {
      this.dir = dir;
      this.sinks = new LinkedHashMap<>(sinks);
      this.tablesOf = tablesOf;
      this.tallyOf = tallyOf;
    }

    @StartBundle
    public void startBundle() {
      channels = new HashMap<>();
      files = new HashMap<>();
      tally = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element T row) throws IOException {
      tallyOf.count(row, tally);
      for (String table : tablesOf.apply(row)) {
        ParquetSink<T> sink = sinks.get(table);
        if (sink == null) {
          throw new IllegalStateException("no table " + table + " among " + sinks.keySet());
        }
        if (!channels.containsKey(table)) {
          String name = "part-" + UUID.randomUUID() + ".parquet";
          ResourceId file =
              FileSystems.matchNewResource(dir + "/" + ATTEMPTS_DIR + "/" + table, true)
                  .resolve(name, ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
          WritableByteChannel channel = FileSystems.create(file, "application/octet-stream");
          sink.open(channel);
          channels.put(table, channel);
          files.put(table, List.of(name));
        }
        sink.write(row);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws IOException {
      for (Map.Entry<String, WritableByteChannel> e : channels.entrySet()) {
        sinks.get(e.getKey()).flush();
        e.getValue().close();
      }
      // Only now, with every file complete, does the bundle say what it wrote.
      if (!tally.isEmpty() || !files.isEmpty()) {
        context.output(
            new Written(files, tally), BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
      }
      channels = null;
    }
  }

  /** Gathers the bundles' lists into one. */
  static final class ListWrittenFn extends Combine.CombineFn<Written, Written, Written> {
    @Override
    public Written createAccumulator() {
      return Written.none();
    }

    @Override
    public Written addInput(Written acc, Written input) {
      return acc.plus(input);
    }

    @Override
    public Written mergeAccumulators(Iterable<Written> accs) {
      Written all = Written.none();
      for (Written w : accs) {
        all = all.plus(w);
      }
      return all;
    }

    @Override
    public Written extractOutput(Written acc) {
      return acc;
    }

    @Override
    public Coder<Written> getAccumulatorCoder(CoderRegistry registry, Coder<Written> input) {
      return Written.CODER;
    }

    @Override
    public Coder<Written> getDefaultOutputCoder(CoderRegistry registry, Coder<Written> input) {
      return Written.CODER;
    }
  }

  /** Writes the manifest whole: a temporary file, then a rename over any earlier attempt's. */
  static final class WriteManifestFn extends DoFn<Written, Void> {
    private final String dir;

    WriteManifestFn(String dir) {
      this.dir = dir;
    }

    @ProcessElement
    public void process(@Element Written written) throws IOException {
      ResourceId folder = FileSystems.matchNewResource(dir, true);
      ResourceId tmp =
          folder.resolve(
              MANIFEST + "." + UUID.randomUUID() + ".tmp",
              ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
      try (OutputStream out =
          Channels.newOutputStream(FileSystems.create(tmp, "application/json"))) {
        out.write(JSON.writeValueAsString(written).getBytes(StandardCharsets.UTF_8));
      }
      FileSystems.rename(
          List.of(tmp),
          List.of(folder.resolve(MANIFEST, ResolveOptions.StandardResolveOptions.RESOLVE_FILE)));
    }
  }
}
