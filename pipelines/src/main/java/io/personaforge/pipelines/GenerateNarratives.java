package io.personaforge.pipelines;

import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes a first draft for every sampled persona with the configured writer, many requests in
 * flight per worker (see {@link WriteFn}). Output: every persona, with a draft, or rejected (with
 * the reason and the raw output) when its draft could not be written. A fatal writer error (a wrong
 * key, an unknown model) fails the run.
 */
public final class GenerateNarratives
    extends PTransform<PCollection<PersonaRecord>, PCollection<PersonaRecord>> {
  private final RunSpec spec;
  private final long expected;

  /**
   * @param spec the run
   * @param expected how many personas to expect (sizes the batches)
   */
  public GenerateNarratives(RunSpec spec, long expected) {
    this.spec = spec;
    this.expected = expected;
  }

  @Override
  public PCollection<PersonaRecord> expand(PCollection<PersonaRecord> input) {
    return WriteFn.writeAll(input, spec, expected, false);
  }
}
