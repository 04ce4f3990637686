package io.personaforge.pipelines;

import io.personaforge.generator.WriterInfo;
import io.personaforge.pipelines.config.RunConfig;
import io.personaforge.sampler.QuotaPlan;
import io.personaforge.sampler.QuotaPlanner;
import io.personaforge.sampler.QuotaSpec;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import io.personaforge.validator.ValidationConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Small inline fixtures shared by the pipeline tests. */
final class Fixtures {
  private Fixtures() {}

  static Path repoRoot() {
    String root = System.getProperty("personaforge.repo.root");
    return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
  }

  /** A Direct-runner pipeline with Beam's own checks on (tests want them; runs turn them off). */
  static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
  }

  static RunSpec spec(long count, List<QuotaSpec> quotas) {
    return spec(count, quotas, null);
  }

  /** A run of the offline writer, with {@code validation} (null: the defaults). */
  static RunSpec spec(long count, List<QuotaSpec> quotas, ValidationConfig validation) {
    Taxonomy t = TaxonomyLoader.load("builtin:general", null);
    QuotaPlan plan = new QuotaPlanner(t).plan(count, quotas);
    RunConfig config =
        new RunConfig(null, count, 7L, quotas, null, null, validation, null, null, null);
    return new RunSpec(
        config,
        t,
        plan,
        "test-hash",
        new WriterInfo("offline", "offline-templates", "offline-v1"),
        "/tmp/unused",
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
