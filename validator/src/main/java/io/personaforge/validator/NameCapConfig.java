package io.personaforge.validator;

import java.io.Serializable;

/**
 * {@code validation.first_name_cap}: how often one first name may appear in a run's corpus. The cap
 * is {@code max(min_count, floor(max_share × planned personas))}.
 *
 * @param maxShare the largest share of the corpus one first name may take, in (0, 1]
 * @param minCount the cap never drops below this, so small runs are not starved of names
 */
public record NameCapConfig(Double maxShare, Integer minCount) implements Serializable {
  /**
   * Even the most common US first name is held by about 1% of people; 3× that is clearly an LLM
   * falling back to its favourites, while a writer with 30 names per gender stays well below it.
   */
  public static final double DEFAULT_MAX_SHARE = 0.05;

  /** Small runs (a few hundred personas) would otherwise get caps of 1–5 and reject by chance. */
  public static final int DEFAULT_MIN_COUNT = 20;

  public NameCapConfig {
    maxShare = maxShare == null ? DEFAULT_MAX_SHARE : maxShare;
    minCount = minCount == null ? DEFAULT_MIN_COUNT : minCount;
    if (!(maxShare > 0 && maxShare <= 1)) {
      throw new IllegalArgumentException(
          "first_name_cap.max_share must be in (0, 1], got " + maxShare);
    }
    if (minCount < 1) {
      throw new IllegalArgumentException("first_name_cap.min_count must be >= 1, got " + minCount);
    }
  }

  public static NameCapConfig defaults() {
    return new NameCapConfig(null, null);
  }

  /** The largest number of personas one first name may have in a run of {@code planned}. */
  public long cap(long planned) {
    if (planned < 0) {
      throw new IllegalArgumentException("planned must be >= 0, got " + planned);
    }
    return Math.max(minCount, (long) Math.floor(maxShare * planned));
  }
}
