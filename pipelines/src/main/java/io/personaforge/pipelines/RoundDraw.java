package io.personaforge.pipelines;

import io.personaforge.sampler.QuotaPlan;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;

/**
 * What one round draws: how many personas per quota cell, from which ordinal on, and what each cell
 * still needs. The round's total is summed here, once, for the driver and every transform.
 */
public final class RoundDraw implements Serializable {
  private final int round;
  private final long firstOrdinal;
  private final long[] counts;
  private final Map<String, Long> deficits;
  private final long total;

  /**
   * @param round round number (0 first)
   * @param firstOrdinal first ordinal of this round (ordinals never repeat across rounds)
   * @param counts personas to draw per cell of the plan, in plan order
   * @param deficits personas still needed per cell key
   */
  public RoundDraw(int round, long firstOrdinal, long[] counts, Map<String, Long> deficits) {
    this.round = round;
    this.firstOrdinal = firstOrdinal;
    this.counts = counts.clone();
    this.deficits = Map.copyOf(deficits);
    this.total = Arrays.stream(counts).sum();
  }

  public int round() {
    return round;
  }

  public long firstOrdinal() {
    return firstOrdinal;
  }

  /** The first ordinal the next round may use. */
  public long nextOrdinal() {
    return firstOrdinal + total;
  }

  /** Personas drawn for the {@code c}-th cell of the plan. */
  public long count(int c) {
    return counts[c];
  }

  /** Personas still needed per cell key. */
  public Map<String, Long> deficits() {
    return deficits;
  }

  /** Personas the round draws, all cells together. */
  public long total() {
    return total;
  }

  /** The plan index of the cell that the round's {@code slot}-th persona (0 first) is drawn for. */
  public int cellOfSlot(long slot) {
    return QuotaPlan.cellOfSlot(counts, slot);
  }
}
