package io.personaforge.pipelines;

import io.personaforge.sampler.Cell;
import io.personaforge.sampler.QuotaPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refill arithmetic, free of Beam: how many personas each cell still needs, and how many to draw
 * for it in the next round given what the cell's last round yielded. Drawing deficit ÷ yield (with
 * a small margin) fills most cells in one refill without guessing; surplus is never lost (it is
 * counted), only paid for.
 */
public final class Rounds {
  /** Never draw more than this many times a cell's deficit in one round (a cell that yields 0). */
  public static final double DEFAULT_MAX_GROWTH = 10.0;

  /** Extra draw over deficit ÷ yield, so that chance alone rarely forces another round. */
  public static final double DEFAULT_MARGIN = 1.15;

  /**
   * Extra personas for a cell that lost some last time: small cells have noisy yields, and one more
   * round costs far more (a pipeline start, the LLM's slowest answers) than two surplus personas.
   */
  public static final long DEFAULT_SLACK = 2;

  /**
   * A cell's first draw adds one persona per this many (none below it): in a large run the odd
   * reject or duplicate would otherwise cost a whole refill round, which re-reads every persona
   * accepted so far — minutes at a million — for the price of 0.1% more drafts.
   */
  public static final long FIRST_DRAW_EXTRA_PER = 1_000;

  private Rounds() {}

  /** Per cell key: target minus accepted so far (never below 0), in plan order. */
  public static Map<String, Long> deficits(QuotaPlan plan, Map<String, Long> acceptedSoFar) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Cell c : plan.cells()) {
      out.put(c.key(), Math.max(0, c.target() - acceptedSoFar.getOrDefault(c.key(), 0L)));
    }
    return out;
  }

  /**
   * How many to draw per cell (plan order) to cover {@code deficits}, growing each cell's draw by
   * the inverse of the yield it showed last time it was drawn.
   *
   * @param lastDrawn per cell, personas drawn in its last round (absent: never drawn)
   * @param lastAccepted per cell, personas accepted from that round
   */
  public static long[] draws(
      List<Cell> cells,
      Map<String, Long> deficits,
      Map<String, Long> lastDrawn,
      Map<String, Long> lastAccepted) {
    long[] out = new long[cells.size()];
    for (int i = 0; i < cells.size(); i++) {
      String key = cells.get(i).key();
      long deficit = deficits.getOrDefault(key, 0L);
      if (deficit == 0) {
        continue;
      }
      long drawn = lastDrawn.getOrDefault(key, 0L);
      double growth = 1.0;
      if (drawn > 0) {
        double yield = (double) lastAccepted.getOrDefault(key, 0L) / drawn;
        growth =
            yield <= 0 ? DEFAULT_MAX_GROWTH : Math.min(DEFAULT_MAX_GROWTH, DEFAULT_MARGIN / yield);
      }
      long draw = (long) Math.ceil(deficit * growth);
      if (drawn == 0) {
        out[i] = deficit + deficit / FIRST_DRAW_EXTRA_PER;
      } else {
        out[i] = growth > 1.0 ? draw + DEFAULT_SLACK : Math.max(deficit, draw);
      }
    }
    return out;
  }
}
