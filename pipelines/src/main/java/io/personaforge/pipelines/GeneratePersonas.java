package io.personaforge.pipelines;

import io.personaforge.generator.WriteRequest;
import io.personaforge.validator.Validator;
import java.util.Iterator;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * One round of the persona pipeline, from the sketches of the personas earlier rounds accepted to
 * the round's tables written: sample attribute sets, write and check each narrative (draft,
 * validate, revise, as one unit of work per persona), settle each persona against this round's
 * others and earlier rounds' sketches (duplicate, over the name cap, in its quota cell, or
 * surplus), and write every persona once, by outcome, with the accepted ones' sketches for the
 * rounds after ({@link WriteCorpus}; {@link WriteCorpus#commit} keeps the tables once the job
 * succeeded).
 */
public final class GeneratePersonas extends PTransform<PCollection<PersonaSketch>, PDone> {
  private final RunSpec spec;
  private final RoundDraw draw;
  private final String roundDir;

  /**
   * @param spec the run
   * @param draw what the round draws per cell, and what each cell still needs
   * @param roundDir the round's folder (its tables go there; any Beam file system path the workers
   *     and the driver share)
   */
  public GeneratePersonas(RunSpec spec, RoundDraw draw, String roundDir) {
    this.spec = spec;
    this.draw = draw;
    this.roundDir = roundDir;
  }

  /**
   * The first-draft requests of a round's personas, drawn outside the pipeline in slot order:
   * exactly the drafts the round's pipeline will ask for, so that the run's LLM engine can ask for
   * them while the pipeline starts ({@link io.personaforge.generator.GenerationEngine#headStart}).
   */
  public static Iterator<WriteRequest> firstDrafts(RunSpec spec, RoundDraw draw) {
    return SamplePersonas.inSlotOrder(spec, draw, p -> ProposeReviseLoop.request(p, false));
  }

  /**
   * @param earlier the sketches of the personas accepted in earlier rounds ({@link ReadSketches};
   *     none in the first round)
   */
  @Override
  public PDone expand(PCollection<PersonaSketch> earlier) {
    PCollection<PersonaRecord> sampled =
        PBegin.in(earlier.getPipeline()).apply("SamplePersonas", new SamplePersonas(spec, draw));
    // Draft, validate and revise each persona as one unit of work: no stage between them.
    PCollection<PersonaRecord> checked =
        sampled.apply("WriteAndCheckNarratives", new WriteAndCheckNarratives(spec, draw.total()));
    return checked
        .apply(
            "SettlePersonas",
            new SettlePersonas(
                spec.config().dedup().enabled() ? spec.config().dedup() : null,
                draw.total(),
                earlierCount(),
                Validator.of(spec.config().validation(), spec.taxonomy())
                    .firstNameCap(spec.plan().size()),
                draw.deficits(),
                earlier,
                spec.cacheDir(),
                spec.profilePaths()))
        .apply(
            "WriteCorpus",
            new WriteCorpus(
                roundDir,
                spec.config().output().compression(),
                spec.rows(),
                PersonaSketch.Sketcher.of(spec)));
  }

  /** How many personas earlier rounds accepted: every cell's target less what it still needs. */
  private long earlierCount() {
    return spec.plan().size() - draw.deficits().values().stream().mapToLong(Long::longValue).sum();
  }
}
