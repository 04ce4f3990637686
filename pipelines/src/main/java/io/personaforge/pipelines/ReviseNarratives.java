package io.personaforge.pipelines;

import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

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
    return WriteFn.writeAll(input, spec, expected, true);
  }
}
