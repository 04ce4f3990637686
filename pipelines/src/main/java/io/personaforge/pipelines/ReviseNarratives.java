package io.personaforge.pipelines;

import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Sends personas that failed validation back to the writer with their violations spelled out (the
 * revise prompt). Output: the revised personas, to be validated again, and, rejected, those whose
 * revision could not be written.
 */
public final class ReviseNarratives
    extends PTransform<PCollection<PersonaRecord>, PCollection<PersonaRecord>> {
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
  public PCollection<PersonaRecord> expand(PCollection<PersonaRecord> input) {
    return WriteFn.writeAll(input, spec, expected, true);
  }
}
