package io.personaforge.pipelines;

import io.personaforge.generator.WriteRequest;
import io.personaforge.validator.Validator;
import java.util.Iterator;
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
  private final RoundDraw draw;
  private final String earlierPersonas;

  /**
   * @param spec the run
   * @param draw what the round draws per cell, and what each cell still needs
   * @param earlierPersonas file pattern of the Parquet files of personas accepted in earlier rounds
   *     (null in the first round): this round's personas are deduplicated against them
   */
  public GeneratePersonas(RunSpec spec, RoundDraw draw, String earlierPersonas) {
    this.spec = spec;
    this.draw = draw;
    this.earlierPersonas = earlierPersonas;
  }

  /**
   * The first-draft requests of a round's personas, drawn outside the pipeline in slot order:
   * exactly the drafts the round's pipeline will ask for, so that the run's LLM engine can ask for
   * them while the pipeline starts ({@link io.personaforge.generator.GenerationEngine#headStart}).
   */
  public static Iterator<WriteRequest> firstDrafts(RunSpec spec, RoundDraw draw) {
    return SamplePersonas.inSlotOrder(spec, draw, p -> ProposeReviseLoop.request(p, false));
  }

  @Override
  public PCollection<Settled> expand(PBegin begin) {
    PCollection<PersonaRecord> sampled =
        begin.apply("SamplePersonas", new SamplePersonas(spec, draw));
    // Draft, validate and revise each persona as one unit of work: no stage between them.
    PCollection<PersonaRecord> checked =
        sampled.apply("WriteAndCheckNarratives", new WriteAndCheckNarratives(spec, draw.total()));
    return checked.apply(
        "SettlePersonas",
        new SettlePersonas(
            spec.config().dedup().enabled() ? spec.config().dedup() : null,
            draw.total(),
            earlierCount(),
            Validator.of(spec.config().validation(), spec.taxonomy())
                .firstNameCap(spec.plan().size()),
            draw.deficits(),
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
    return spec.plan().size() - draw.deficits().values().stream().mapToLong(Long::longValue).sum();
  }
}
