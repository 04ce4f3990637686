package io.personaforge.pipelines;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.generator.WriterInfo;
import io.personaforge.pipelines.config.RunConfig;
import io.personaforge.pipelines.io.Trees;
import io.personaforge.sampler.QuotaPlan;
import io.personaforge.sampler.QuotaPlanner;
import io.personaforge.sampler.QuotaSpec;
import io.personaforge.schemas.ParquetFiles;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import io.personaforge.validator.ValidationConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Small inline fixtures shared by the pipeline tests. */
final class Fixtures {
  private Fixtures() {}

  // The runs' cache folder (semantic dedup keeps embeddings there): one per test JVM, under the
  // system's temporary folder, never a fixed path shared with other builds.
  private static final Path CACHE = tempDir("personaforge-test-cache");

  private static Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      Trees.delete(dir);
                    } catch (IOException e) {
                      // A temporary folder the system cleans up anyway.
                    }
                  }));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path repoRoot() {
    String root = System.getProperty("personaforge.repo.root");
    return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
  }

  /**
   * A Direct-runner pipeline with Beam's own checks on (tests want them; runs turn them off); run
   * it with {@link #run}.
   */
  static Pipeline pipeline() {
    return Pipeline.create(
        PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--blockOnRun=false").create());
  }

  /**
   * Runs {@code p} to its end; a failure in it is thrown. A pipeline the Direct runner leaves stuck
   * (docs/architecture.md, "Runner traps") is cancelled once no bundle has run for the watch's
   * quiet time, and the test fails at once saying so — the build runs a failed test once more —
   * instead of spinning until the test's timeout.
   */
  static void run(Pipeline p) {
    StallWatch watch = new DirectStallWatch();
    boolean finished;
    try {
      finished = StallWatch.await(p.run(), watch, () -> {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!finished) {
      throw new AssertionError(
          "the Direct runner stopped scheduling work (Beam's rare stuck driver,"
              + " docs/architecture.md \"Runner traps\"); the pipeline was cancelled");
    }
  }

  static RunSpec spec(long count, List<QuotaSpec> quotas) {
    return spec(count, quotas, null);
  }

  /** A run of the offline writer, with {@code validation} (null: the defaults). */
  static RunSpec spec(long count, List<QuotaSpec> quotas, ValidationConfig validation) {
    return spec(count, quotas, validation, null);
  }

  /**
   * A run of the offline writer, with {@code validation} and {@code dedup} (null: the defaults).
   */
  static RunSpec spec(
      long count, List<QuotaSpec> quotas, ValidationConfig validation, DedupConfig dedup) {
    return spec(TaxonomyLoader.load("builtin:general", null), count, quotas, validation, dedup);
  }

  /** A run of the offline writer on {@code t}. */
  static RunSpec spec(
      Taxonomy t,
      long count,
      List<QuotaSpec> quotas,
      ValidationConfig validation,
      DedupConfig dedup) {
    QuotaPlan plan = new QuotaPlanner(t).plan(count, quotas);
    RunConfig config =
        new RunConfig(null, count, 7L, quotas, null, null, validation, dedup, null, null);
    return new RunSpec(
        config,
        t,
        plan,
        "test-hash",
        new WriterInfo("offline", "offline-templates", "offline-v1"),
        CACHE.toString(),
        false);
  }

  static PersonaRecord persona(String id, int round, long ordinal, String cell, String narrative) {
    return PersonaRecord.sampled(id, 7, round, ordinal, cell, Map.of("demographics.age", "30"))
        .withDraft(narrative, Map.of("name", "Ann Lee"), narrative, 0);
  }

  static List<PersonaRecord> personas(int n, String cell) {
    List<PersonaRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(persona("p" + i, 0, i, cell, "Persona number " + i + " is 30 years old."));
    }
    return out;
  }

  /**
   * Earlier rounds' personas as a refill round receives them: the sketches their round kept, made
   * by the run's {@link PersonaSketch.Sketcher} ({@code dedup} null: dedup off).
   */
  static PCollection<PersonaSketch> sketches(
      Pipeline p, String name, List<PersonaRecord> earlier, DedupConfig dedup, Path cacheDir) {
    PersonaSketch.Sketcher sketcher =
        new PersonaSketch.Sketcher(dedup, List.of(), cacheDir == null ? null : cacheDir.toString());
    return p.apply(
        name,
        Create.of(earlier.stream().map(sketcher::sketch).toList())
            .withCoder(PersonaSketchCoder.of()));
  }

  /**
   * Runs one round as the run driver does — earlier rounds' sketches under {@code dir} ({@code
   * round-*}) read in, the round's tables written to {@code dir/round-N} — and commits its tables.
   */
  static WriteCorpus.Counts runRound(RunSpec spec, RoundDraw draw, Path dir) throws IOException {
    Path roundDir = dir.resolve("round-" + draw.round());
    // As the driver does, a round the Direct runner leaves stuck is run again.
    StallWatch.runUntilFinished(
            () -> {
              Pipeline p = pipeline();
              p.apply(
                      "ReadEarlierSketches",
                      new ReadSketches(
                          dir.resolve("round-*").resolve("sketches/*.parquet").toString()))
                  .apply(new GeneratePersonas(spec, draw, roundDir.toString()));
              return p;
            },
            DirectStallWatch::new,
            3,
            result -> () -> {},
            attempt -> Trees.delete(roundDir))
        .orElseThrow(() -> new AssertionError("the round got stuck 3 times"));
    return WriteCorpus.commit(roundDir);
  }

  /** The personas of a personas table, as the pipeline knew them, by ordinal. */
  static List<PersonaRecord> readPersonas(Path table) throws IOException {
    List<PersonaRecord> out = new ArrayList<>();
    ParquetFiles.forEachRow(
        table,
        r -> {
          Map<String, String> attributes = new HashMap<>();
          ((Map<?, ?>) r.get("attributes"))
              .forEach((k, v) -> attributes.put(k.toString(), v.toString()));
          Map<String, String> fields = new HashMap<>();
          ((Map<?, ?>) r.get("fields")).forEach((k, v) -> fields.put(k.toString(), v.toString()));
          out.add(
              PersonaRecord.sampled(
                      r.get("id").toString(),
                      (Long) r.get("run_seed"),
                      (Integer) r.get("round"),
                      (Long) r.get("ordinal"),
                      r.get("cell").toString(),
                      attributes)
                  .withDraft(r.get("narrative").toString(), fields, null, 0));
          return true;
        });
    out.sort(Comparator.comparingLong(PersonaRecord::ordinal));
    return out;
  }

  /** The ids of a table's rows, sorted. */
  static List<String> ids(Path table) throws IOException {
    List<String> out = new ArrayList<>();
    ParquetFiles.forEachRow(
        table,
        r -> {
          out.add(r.get("id").toString());
          return true;
        });
    out.sort(null);
    return out;
  }

  private static final AtomicInteger STEPS = new AtomicInteger();

  /** The personas of one outcome (not DUPLICATE: see {@link #duplicates}). */
  static PCollection<PersonaRecord> ofKind(PCollection<Settled> settled, Settled.Kind kind) {
    return settled
        .apply("Only" + kind + STEPS.incrementAndGet(), Filter.by(s -> s.kind() == kind))
        .apply(
            "Persona" + STEPS.incrementAndGet(),
            MapElements.into(TypeDescriptor.of(PersonaRecord.class)).via(Settled::persona))
        .setCoder(PersonaRecordCoder.of());
  }

  /** The duplicates-table rows. */
  static PCollection<DuplicateRow> duplicates(PCollection<Settled> settled) {
    return settled
        .apply(
            "OnlyDuplicates" + STEPS.incrementAndGet(),
            Filter.by(s -> s.kind() == Settled.Kind.DUPLICATE))
        .apply(
            "Row" + STEPS.incrementAndGet(),
            MapElements.into(TypeDescriptor.of(DuplicateRow.class)).via(Settled::duplicate))
        .setCoder(DuplicateRowCoder.of());
  }
}
