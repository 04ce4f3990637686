package io.personaforge.pipelines;

import io.personaforge.validator.ValidationStats;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * One round of the persona pipeline, read as the picture in ARCHITECTURE.md: sample attribute sets,
 * write narratives, validate them, remove duplicates, fill the quota cells. The result holds every
 * persona of the round in exactly one of {@link Outcomes#ALIVE} (accepted), {@link
 * Outcomes#REJECTED}, {@link Outcomes#DUPLICATE} or {@link Outcomes#SURPLUS}.
 */
public final class GeneratePersonas extends PTransform<PBegin, PCollectionTuple> {
  private final RunSpec spec;
  private final int round;
  private final long firstOrdinal;
  private final long[] counts;
  private final Map<String, Long> targets;
  private final String earlierPersonas;

  /**
   * @param spec the run
   * @param round round number (0 first)
   * @param firstOrdinal first ordinal of this round (ordinals never repeat across rounds)
   * @param counts personas to draw per cell of the plan, in plan order
   * @param targets personas still needed per cell key
   * @param earlierPersonas file pattern of the Parquet files of personas accepted in earlier rounds
   *     (null in the first round): this round's personas are deduplicated against them
   */
  public GeneratePersonas(
      RunSpec spec,
      int round,
      long firstOrdinal,
      long[] counts,
      Map<String, Long> targets,
      String earlierPersonas) {
    this.spec = spec;
    this.round = round;
    this.firstOrdinal = firstOrdinal;
    this.counts = counts.clone();
    this.targets = Map.copyOf(targets);
    this.earlierPersonas = earlierPersonas;
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollection<PersonaRecord> sampled =
        begin.apply("SamplePersonas", new SamplePersonas(spec, round, firstOrdinal, counts));
    PCollectionTuple written =
        sampled.apply(
            "GenerateNarratives",
            new GenerateNarratives(spec, java.util.Arrays.stream(counts).sum()));
    // Propose, validate, revise: the loop is unrolled, max_revisions times at most. The offline
    // writer writes from the attributes alone, so revising its text would change nothing.
    int maxRevisions = spec.offline() ? 0 : spec.config().validation().maxRevisions();
    PCollectionTuple validated =
        written
            .get(Outcomes.ALIVE)
            .apply("ValidatePersonas", new ValidatePersonas(spec, maxRevisions > 0));
    PCollectionList<PersonaRecord> passed = PCollectionList.of(validated.get(Outcomes.ALIVE));
    PCollectionList<PersonaRecord> failed =
        PCollectionList.of(written.get(Outcomes.REJECTED)).and(validated.get(Outcomes.REJECTED));
    PCollectionList<ValidationStats> stats =
        PCollectionList.of(validated.get(Outcomes.VALIDATION_STATS));
    PCollection<PersonaRecord> pending = validated.get(Outcomes.NEEDS_REVISION);
    for (int k = 1; k <= maxRevisions; k++) {
      PCollectionTuple revised =
          pending.apply(
              "ReviseNarratives" + k,
              new ReviseNarratives(spec, java.util.Arrays.stream(counts).sum()));
      PCollectionTuple checked =
          revised
              .get(Outcomes.ALIVE)
              .apply("ValidateRevision" + k, new ValidatePersonas(spec, k < maxRevisions));
      passed = passed.and(checked.get(Outcomes.ALIVE));
      failed = failed.and(revised.get(Outcomes.REJECTED)).and(checked.get(Outcomes.REJECTED));
      stats = stats.and(checked.get(Outcomes.VALIDATION_STATS));
      pending = checked.get(Outcomes.NEEDS_REVISION);
    }
    PCollection<PersonaRecord> valid = passed.apply("CollectValid", Flatten.pCollections());
    PCollectionTuple settled =
        valid.apply(
            "SettlePersonas",
            new SettlePersonas(
                spec.config().dedup().enabled() ? spec.config().dedup() : null,
                java.util.Arrays.stream(counts).sum(),
                earlierCount(),
                io.personaforge.validator.Validator.of(spec.config().validation(), spec.taxonomy())
                    .firstNameCap(spec.plan().size()),
                targets,
                earlierAccepted(begin)));
    failed = failed.and(settled.get(Outcomes.REJECTED));
    PCollection<PersonaRecord> rejected = failed.apply("CollectRejects", Flatten.pCollections());
    PCollection<ValidationStats> validationStats =
        stats
            .apply("CollectValidationStats", Flatten.pCollections())
            .apply("MergeValidationStats", Combine.globally(new MergeStats()).withoutDefaults())
            .setCoder(SerializableCoder.of(ValidationStats.class));
    return PCollectionTuple.of(Outcomes.ALIVE, settled.get(Outcomes.ALIVE))
        .and(Outcomes.REJECTED, rejected)
        .and(Outcomes.DUPLICATE, settled.get(Outcomes.DUPLICATE))
        .and(Outcomes.SURPLUS, settled.get(Outcomes.SURPLUS))
        .and(Outcomes.VALIDATION_STATS, validationStats);
  }

  /** Personas accepted in earlier rounds; null in the first round. */
  private PCollection<PersonaRecord> earlierAccepted(PBegin begin) {
    return earlierPersonas == null
        ? null
        : begin.apply("ReadEarlierPersonas", new ReadPersonas(earlierPersonas));
  }

  /** How many personas earlier rounds accepted: every cell's target less what it still needs. */
  private long earlierCount() {
    if (earlierPersonas == null) {
      return 0;
    }
    return spec.plan().size() - targets.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Merges bundles' validation statistics. */
  static final class MergeStats extends Combine.BinaryCombineFn<ValidationStats> {
    @Override
    public ValidationStats apply(ValidationStats left, ValidationStats right) {
      // Inputs may be shared with other steps: merge into a fresh accumulator.
      return new ValidationStats().merge(left).merge(right);
    }
  }
}
