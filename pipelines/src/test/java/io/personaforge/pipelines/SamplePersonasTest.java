package io.personaforge.pipelines;

import io.personaforge.sampler.Cell;
import io.personaforge.sampler.PersonaSampler;
import io.personaforge.sampler.QuotaSpec;
import io.personaforge.sampler.Seeds;
import java.util.ArrayList;
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

/**
 * A round's draw, spread over several work items: each cell gets exactly its count, ordinals run on
 * from the round's first one without a gap, and each persona is the one the sampler draws for (run
 * seed, round, ordinal) alone, so that every runner and every bundling gives the same personas.
 */
class SamplePersonasTest {
  @Test
  void drawsEachCellItsCountWithConsecutiveOrdinals() {
    RunSpec spec =
        Fixtures.spec(
            1_000,
            List.of(
                new QuotaSpec(
                    "location.region",
                    Map.of("south", 0.4, "west", 0.3, "northeast", 0.2, "midwest", 0.1))));
    List<Cell> cells = spec.plan().cells();
    // More than one work item (SamplePersonas.MIN_RANGE_SIZE), and a cell that draws nothing.
    long[] counts = new long[cells.size()];
    for (int c = 0; c < cells.size(); c++) {
      counts[c] = c == 1 ? 0 : cells.get(c).target() + 100;
    }
    RoundDraw draw = new RoundDraw(2, 5_000, counts, Map.of());

    PersonaSampler sampler = new PersonaSampler(spec.taxonomy(), spec.config().sampling());
    List<PersonaRecord> expected = new ArrayList<>();
    List<KV<String, Long>> perCell = new ArrayList<>();
    for (int c = 0; c < cells.size(); c++) {
      if (counts[c] > 0) {
        perCell.add(KV.of(cells.get(c).key(), counts[c]));
      }
    }
    for (long slot = 0; slot < draw.total(); slot++) {
      Cell cell = cells.get(draw.cellOfSlot(slot));
      long ordinal = 5_000 + slot;
      expected.add(
          PersonaRecord.sampled(
              Seeds.personaId(spec.seed(), 2, ordinal),
              spec.seed(),
              2,
              ordinal,
              cell.key(),
              sampler.sample(cell, spec.seed(), 2, ordinal).values()));
    }

    Pipeline p = Fixtures.pipeline();
    PCollection<PersonaRecord> sampled = p.apply(new SamplePersonas(spec, draw));
    PAssert.that(sampled).containsInAnyOrder(expected);
    PAssert.that(
            sampled
                .apply(
                    "Cells", MapElements.into(TypeDescriptors.strings()).via(PersonaRecord::cell))
                .apply(Count.perElement()))
        .containsInAnyOrder(perCell);
    Fixtures.run(p);
  }
}
