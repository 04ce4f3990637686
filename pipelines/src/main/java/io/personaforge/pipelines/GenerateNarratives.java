package io.personaforge.pipelines;

import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Writes a first draft for every sampled persona with the configured writer, many requests in
 * flight per worker (see {@link WriteFn}). Output {@link Outcomes#ALIVE}: personas with a draft;
 * {@link Outcomes#REJECTED}: personas whose draft could not be written, with the reason and the raw
 * output. A fatal writer error (a wrong key, an unknown model) fails the run.
 */
public final class GenerateNarratives
    extends PTransform<PCollection<PersonaRecord>, PCollectionTuple> {
  private final RunSpec spec;

  public GenerateNarratives(RunSpec spec) {
    this.spec = spec;
  }

  @Override
  public PCollectionTuple expand(PCollection<PersonaRecord> input) {
    PCollectionTuple out =
        input.apply(
            "WriteDrafts",
            ParDo.of(new WriteFn(spec, false))
                .withOutputTags(Outcomes.ALIVE, TupleTagList.of(Outcomes.REJECTED)));
    out.get(Outcomes.ALIVE).setCoder(PersonaRecordCoder.of());
    out.get(Outcomes.REJECTED).setCoder(PersonaRecordCoder.of());
    return out;
  }
}
