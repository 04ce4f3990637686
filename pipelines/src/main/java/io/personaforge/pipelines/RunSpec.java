package io.personaforge.pipelines;

import io.personaforge.generator.WriterCapabilities;
import io.personaforge.generator.WriterInfo;
import io.personaforge.pipelines.config.RunConfig;
import io.personaforge.pipelines.io.AvroRows;
import io.personaforge.sampler.QuotaPlan;
import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.AttributeType;
import io.personaforge.taxonomy.Taxonomy;
import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the pipeline's steps need to know about a run, checked and serializable, so that each
 * {@code DoFn} builds its own non-serializable helpers (writers, validators) in {@code @Setup}.
 *
 * @param config the resolved configuration
 * @param taxonomy the loaded taxonomy
 * @param plan exact quota cell targets
 * @param configHash SHA-256 of the resolved config
 * @param writer who writes narratives
 * @param cacheDir where LLM responses are journaled (a path every worker can reach)
 * @param fresh ignore responses journaled by earlier runs
 */
public record RunSpec(
    RunConfig config,
    Taxonomy taxonomy,
    QuotaPlan plan,
    String configHash,
    WriterInfo writer,
    String cacheDir,
    boolean fresh)
    implements Serializable {

  public long seed() {
    return config.seed();
  }

  /** What the configured writer can do (keep calls in flight, revise, ...). */
  public WriterCapabilities capabilities() {
    return config.generator().capabilities();
  }

  /**
   * The attributes whose values say who a persona is, for dedup's profile ({@link
   * io.personaforge.dedup.DocRef#required}): the quota attributes, then the taxonomy's core
   * attributes, without names (sampled labels, not who the person is), style (how the text is
   * written) and free text.
   */
  public List<String> profilePaths() {
    Set<String> paths = new LinkedHashSet<>();
    plan.quotas().forEach(q -> paths.addAll(q.paths()));
    for (Attribute a : taxonomy.attributes()) {
      if (a.core()
          && a.type() != AttributeType.NAME
          && a.type() != AttributeType.TEXT
          && !Taxonomy.isStyle(a.path())) {
        paths.add(a.path());
      }
    }
    return List.copyOf(paths);
  }

  /** Builds the Avro rows of the output tables, with this run's provenance. */
  public AvroRows rows() {
    return new AvroRows(
        writer, Version.current(), configHash, taxonomy.name(), taxonomy.contentHash());
  }
}
