package io.personaforge.generator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DrainedTest {
  private final Drained drained = new Drained();

  @Test
  void handsOutOnlyWhatGrewSinceTheLastDrain() {
    assertEquals(Map.of("a", 5L, "b", 2L), drained.since(Map.of("a", 5L, "b", 2L, "c", 0L)));
    assertEquals(Map.of("a", 3L), drained.since(Map.of("a", 8L, "b", 2L)));
    assertEquals(Map.of(), drained.since(Map.of("a", 8L, "b", 2L)), "nothing grew");
  }

  @Test
  void twoDrainersSplitTheTotalsWithoutCountingAnythingTwice() {
    // Two callers read the totals, the later reading drains first: the earlier reading is stale.
    assertEquals(Map.of("n", 10L), drained.since(Map.of("n", 10L)));
    assertEquals(Map.of(), drained.since(Map.of("n", 7L)));
    assertEquals(Map.of("n", 2L), drained.since(Map.of("n", 12L)));
  }
}
