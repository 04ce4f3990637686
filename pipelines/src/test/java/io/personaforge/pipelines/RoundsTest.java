package io.personaforge.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.personaforge.sampler.Cell;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundsTest {
  private static final List<Cell> CELLS =
      List.of(
          new Cell(Map.of("g", "a"), 250_000),
          new Cell(Map.of("g", "b"), 999),
          new Cell(Map.of("g", "c"), 40));

  @Test
  void aFirstDrawAddsOnePerThousandAndNothingToSmallCells() {
    Map<String, Long> deficits =
        Map.of(CELLS.get(0).key(), 250_000L, CELLS.get(1).key(), 999L, CELLS.get(2).key(), 40L);
    assertArrayEquals(
        new long[] {250_250, 999, 40}, Rounds.draws(CELLS, deficits, Map.of(), Map.of()));
  }

  @Test
  void aRefillGrowsByTheInverseYieldWithMarginAndSlackCappedAtTenTimes() {
    String a = CELLS.get(0).key();
    String b = CELLS.get(1).key();
    String c = CELLS.get(2).key();
    long[] draws =
        Rounds.draws(
            CELLS,
            Map.of(a, 100L, b, 0L, c, 10L),
            Map.of(a, 1_000L, b, 999L, c, 40L),
            Map.of(a, 500L, b, 999L, c, 0L));
    // a: yield 0.5 -> 100 x 1.15 / 0.5 = 230, + 2 slack; b: full; c: yield 0 -> 10 x 10 + 2.
    assertArrayEquals(new long[] {232, 0, 102}, draws);
  }
}
