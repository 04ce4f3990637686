package io.personaforge.pipelines;

import java.util.Map;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * One round of the persona pipeline: sample attribute sets, write and check each narrative (draft,
 * validate, revise, as one unit of work per persona), then settle each persona: duplicate, over the
 * name cap, in its quota cell, or surplus. The result holds every persona of the round once, as a
 * {@link Settled}: accepted, rejected, duplicate or surplus.
 */
public final class GeneratePersonas extends PTransform<PBegin, PCollection<Settled>> {
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
  public PCollection<Settled> expand(PBegin begin) {
    long drawn = java.util.Arrays.stream(counts).sum();
    PCollection<PersonaRecord> sampled =
        begin.apply("SamplePersonas", new SamplePersonas(spec, round, firstOrdinal, counts));
    // Draft, validate and revise each persona as one unit of work: no stage between them.
    PCollection<PersonaRecord> checked =
        sampled.apply("WriteAndCheckNarratives", new WriteAndCheckNarratives(spec, drawn));
    return checked.apply(
        "SettlePersonas",
        new SettlePersonas(
            spec.config().dedup().enabled() ? spec.config().dedup() : null,
            drawn,
            earlierCount(),
            io.personaforge.validator.Validator.of(spec.config().validation(), spec.taxonomy())
                .firstNameCap(spec.plan().size()),
            targets,
            earlierAccepted(begin),
            spec.cacheDir(),
            spec.profilePaths()));
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
}
