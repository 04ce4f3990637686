package io.personaforge.pipelines;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class FillQuotasTest {
  @Test
  void keepsTheLowestOrdinalsUpToEachCellsTargetAndMarksTheRestSurplus() {
    Pipeline p = Fixtures.pipeline();
    List<PersonaRecord> input = new ArrayList<>();
    input.addAll(Fixtures.personas(5, "a")); // ordinals 0..4, target 3 -> 0,1,2 kept
    for (PersonaRecord r : Fixtures.personas(2, "b")) { // under target: all kept
      input.add(Fixtures.persona("b" + r.ordinal(), 0, 100 + r.ordinal(), "b", r.narrative()));
    }
    PCollectionTuple out =
        p.apply(Create.of(input).withCoder(PersonaRecordCoder.of()))
            .apply(new FillQuotas(Map.of("a", 3L, "b", 4L)));
    PAssert.that(
            out.get(Outcomes.ALIVE)
                .apply(
                    "Kept",
                    MapElements.into(TypeDescriptors.strings()).via(r -> r.cell() + r.ordinal())))
        .containsInAnyOrder("a0", "a1", "a2", "b100", "b101");
    PAssert.that(
            out.get(Outcomes.SURPLUS)
                .apply(
                    "Surplus",
                    MapElements.into(TypeDescriptors.strings()).via(r -> r.cell() + r.ordinal())))
        .containsInAnyOrder("a3", "a4");
    p.run().waitUntilFinish();
  }
}
