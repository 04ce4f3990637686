package io.personaforge.sampler;

import java.io.Serializable;
import java.util.List;

/**
 * Exact integer targets per quota cell. The cells' targets sum to the corpus size, and every
 * quota's values are met exactly when each cell is.
 *
 * @param size corpus size
 * @param quotas the quotas the plan was made for
 * @param cells the cells, in a stable order; without quotas, one cell with no fixed values
 */
public record QuotaPlan(long size, List<QuotaSpec> quotas, List<Cell> cells)
    implements Serializable {
  public QuotaPlan {
    quotas = List.copyOf(quotas);
    cells = List.copyOf(cells);
    long sum = cells.stream().mapToLong(Cell::target).sum();
    if (sum != size) {
      throw new IllegalArgumentException("cell targets sum to " + sum + ", not " + size);
    }
  }

  /**
   * The cell of the {@code i}-th slot of a round that draws {@code counts[c]} personas for cell
   * {@code c}: slots are laid out cell after cell.
   */
  public static int cellOfSlot(long[] counts, long slot) {
    long end = 0;
    for (int c = 0; c < counts.length; c++) {
      end += counts[c];
      if (slot < end) {
        return c;
      }
    }
    throw new IndexOutOfBoundsException("slot " + slot + " beyond " + end);
  }
}
