package io.personaforge.pipelines.config;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.generator.GeneratorConfig;
import io.personaforge.sampler.QuotaSpec;
import io.personaforge.sampler.SamplingConfig;
import io.personaforge.validator.ValidationConfig;
import java.io.Serializable;
import java.util.List;

/**
 * A run's whole configuration, as read from run.yaml with every default filled in. Written back
 * beside the corpus as {@code run.yaml} (no secrets: API keys are named by environment variable,
 * never stored).
 *
 * @param taxonomy {@code builtin:NAME} or a path relative to the run.yaml
 * @param count exact number of personas in the final corpus
 * @param seed run seed: same config and seed give the same corpus
 * @param quotas quota constraints on the corpus make-up
 * @param sampling how many attributes each persona draws beyond the core ones
 * @param generator how narratives are written
 * @param validation checks every persona must pass
 * @param dedup near-duplicate removal; an unset {@code semantic.enabled} is resolved here from the
 *     writer (see {@link #semanticDefaultFor})
 * @param output file formats
 * @param maxRounds most rounds a run may take to fill every quota cell after losses to validation
 *     and dedup (the first round included)
 */
public record RunConfig(
    String taxonomy,
    Long count,
    Long seed,
    List<QuotaSpec> quotas,
    SamplingConfig sampling,
    GeneratorConfig generator,
    ValidationConfig validation,
    DedupConfig dedup,
    OutputConfig output,
    Integer maxRounds)
    implements Serializable {
  public static final String DEFAULT_TAXONOMY = "builtin:general";
  public static final long DEFAULT_COUNT = 100;
  public static final long DEFAULT_SEED = 42;

  /** Refill rounds learn each cell's yield, so two or three rounds fill all but hopeless cells. */
  public static final int DEFAULT_MAX_ROUNDS = 5;

  public RunConfig {
    taxonomy = taxonomy == null ? DEFAULT_TAXONOMY : taxonomy;
    count = count == null ? DEFAULT_COUNT : count;
    seed = seed == null ? DEFAULT_SEED : seed;
    quotas = quotas == null ? List.of() : List.copyOf(quotas);
    sampling = sampling == null ? SamplingConfig.DEFAULT : sampling;
    generator = generator == null ? GeneratorConfig.defaults() : generator;
    validation = validation == null ? ValidationConfig.defaults() : validation;
    dedup = dedup == null ? DedupConfig.defaults() : dedup;
    if (dedup.semantic().enabled() == null) {
      dedup = dedup.withSemantic(dedup.semantic().withEnabled(semanticDefaultFor(generator)));
    }
    output = output == null ? OutputConfig.defaults() : output;
    maxRounds = maxRounds == null ? DEFAULT_MAX_ROUNDS : maxRounds;
    if (maxRounds < 1 || maxRounds > 100) {
      throw new IllegalArgumentException("max_rounds must be in [1, 100], got " + maxRounds);
    }
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
  }

  /**
   * What an unset {@code dedup.semantic.enabled} means for a run, whatever its size: on when an LLM
   * writes the narratives (LLMs paraphrase themselves), off for the offline writer, which writes
   * from the attributes and cannot paraphrase, so that embedding its texts would cost minutes and
   * find nothing that lexical dedup misses.
   */
  public static boolean semanticDefaultFor(GeneratorConfig generator) {
    return generator.capabilities().remote();
  }

  /** This config with another generator section (prompt paths resolved, say). */
  public RunConfig withGenerator(GeneratorConfig newGenerator) {
    return new RunConfig(
        taxonomy,
        count,
        seed,
        quotas,
        sampling,
        newGenerator,
        validation,
        dedup,
        output,
        maxRounds);
  }

  /** This config with another validation section (judges' prompt paths resolved, say). */
  public RunConfig withValidation(ValidationConfig newValidation) {
    return new RunConfig(
        taxonomy,
        count,
        seed,
        quotas,
        sampling,
        generator,
        newValidation,
        dedup,
        output,
        maxRounds);
  }

  /** This config with the command line's overrides applied (null keeps the file's value). */
  public RunConfig withOverrides(Long countOverride, Long seedOverride) {
    return new RunConfig(
        taxonomy,
        countOverride != null ? countOverride : count,
        seedOverride != null ? seedOverride : seed,
        quotas,
        sampling,
        generator,
        validation,
        dedup,
        output,
        maxRounds);
  }
}
