package io.personaforge.pipelines;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Sends personas that failed validation back to the writer with their violations spelled out (the
 * revise prompt). Output {@link Outcomes#ALIVE}: revised personas, to be validated again; {@link
 * Outcomes#REJECTED}: personas whose revision could not be written.
 */
public final class ReviseNarratives
    extends PTransform<PCollection<PersonaRecord>, PCollectionTuple> {
  private final RunSpec spec;
  private final long expected;

  /**
   * @param spec the run
   * @param expected how many personas to expect (sizes the batches)
   */
  public ReviseNarratives(RunSpec spec, long expected) {
    this.spec = spec;
    this.expected = expected;
  }

  @Override
  public PCollectionTuple expand(PCollection<PersonaRecord> input) {
    PCollectionTuple out =
        WriteFn.batched(input, expected, WriteFn.batchSize(spec), "Revision")
            .apply(
                "WriteRevisions",
                ParDo.of(new WriteFn(spec, true))
                    .withOutputTags(Outcomes.ALIVE, TupleTagList.of(Outcomes.REJECTED)));
    out.get(Outcomes.ALIVE).setCoder(PersonaRecordCoder.of());
    out.get(Outcomes.REJECTED).setCoder(PersonaRecordCoder.of());
    return out;
  }

  /** The violations of a persona's latest attempt, one line each, as the writer is told them. */
  static List<String> feedback(PersonaRecord p) {
    List<String> lines = new ArrayList<>();
    for (PersonaRecord.Attempt a : p.violations()) {
      if (a.attempt() == p.revisions()) {
        lines.add(a.rule() + ": " + a.message());
      }
    }
    return lines;
  }
}
