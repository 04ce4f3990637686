package io.personaforge.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.personaforge.generator.WriteRequest;
import io.personaforge.sampler.QuotaSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

/**
 * A round's head start asks the LLM for drafts before the pipeline runs: it must ask for exactly
 * the drafts the pipeline asks for, or the run pays for drafts nobody uses.
 */
class HeadStartDraftsTest {
  @Test
  void theDraftsAskedOutsideThePipelineAreThoseOfThePersonasItDraws() {
    RunSpec spec =
        Fixtures.spec(
            40, List.of(new QuotaSpec("location.region", Map.of("south", 0.5, "west", 0.5))));
    // A refill round: ordinals from 100, uneven counts per cell.
    RoundDraw draw = new RoundDraw(1, 100, new long[] {7, 3}, Map.of());
    List<String> outside = new ArrayList<>();
    GeneratePersonas.firstDrafts(spec, draw).forEachRemaining(r -> outside.add(describe(r)));
    assertEquals(10, outside.size());

    Pipeline p = Fixtures.pipeline();
    PCollection<String> drawn =
        p.apply(new SamplePersonas(spec, draw))
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(persona -> describe(ProposeReviseLoop.request(persona, false))));
    PAssert.that(drawn).containsInAnyOrder(outside);
    Fixtures.run(p);
  }

  /** What decides a draft's prompt: the persona, its seed and its attributes. */
  private static String describe(WriteRequest r) {
    return r.personaId() + "|" + r.seed() + "|" + r.attributes().values() + "|" + r.isRevision();
  }
}
