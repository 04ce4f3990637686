package io.personaforge.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.sampler.QuotaSpec;
import io.personaforge.sampler.Seeds;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class GeneratePersonasTest {
  @Test
  void aRoundFillsEveryCellExactlyWithWrittenValidPersonas() {
    RunSpec spec =
        Fixtures.spec(
            60,
            List.of(
                new QuotaSpec(
                    "location.region", Map.of("south", 0.5, "west", 0.3, "northeast", 0.2))));
    long[] counts = spec.plan().cells().stream().mapToLong(c -> c.target()).toArray();
    Pipeline p = Fixtures.pipeline();
    PCollection<Settled> out =
        p.apply(
            new GeneratePersonas(
                spec, new RoundDraw(0, 0, counts, Rounds.deficits(spec.plan(), Map.of())), null));
    PAssert.that(
            Fixtures.ofKind(out, Settled.Kind.ACCEPTED)
                .apply(
                    "Regions",
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.attributes().get("location.region")))
                .apply(Count.perElement()))
        .containsInAnyOrder(KV.of("south", 30L), KV.of("west", 18L), KV.of("northeast", 12L));
    PAssert.that(Fixtures.ofKind(out, Settled.Kind.ACCEPTED))
        .satisfies(
            rows -> {
              for (PersonaRecord r : rows) {
                String age = r.attributes().get("demographics.age");
                assertTrue(
                    r.narrative().contains(age + " years old")
                        || r.narrative().contains(age + "-year-old"),
                    r.narrative());
                assertEquals(r.id(), Seeds.personaId(7, 0, r.ordinal()));
              }
              return null;
            });
    PAssert.that(Fixtures.ofKind(out, Settled.Kind.REJECTED)).empty();
    p.run().waitUntilFinish();
  }
}
