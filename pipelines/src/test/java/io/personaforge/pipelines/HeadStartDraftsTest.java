package io.personaforge.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.personaforge.sampler.QuotaSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

/**
 * A round's head start asks the LLM for drafts before the pipeline runs: it must draw exactly the
 * personas the pipeline draws, or the run pays for drafts nobody uses.
 */
class HeadStartDraftsTest {
  @Test
  void thePersonasDrawnOutsideThePipelineAreThoseItDraws() {
    RunSpec spec =
        Fixtures.spec(
            40, List.of(new QuotaSpec("location.region", Map.of("south", 0.5, "west", 0.5))));
    // A refill round: ordinals from 100, uneven counts per cell.
    long[] counts = {7, 3};
    List<PersonaRecord> outside = new ArrayList<>();
    Iterator<PersonaRecord> it = SamplePersonas.inSlotOrder(spec, 1, 100, counts, p -> p);
    it.forEachRemaining(outside::add);
    assertEquals(10, outside.size());
    assertEquals(100, outside.get(0).ordinal());
    assertEquals(109, outside.get(9).ordinal());

    Pipeline p = Fixtures.pipeline();
    PCollection<PersonaRecord> drawn = p.apply(new SamplePersonas(spec, 1, 100, counts));
    PAssert.that(drawn).containsInAnyOrder(outside);
    p.run().waitUntilFinish();
  }
}
