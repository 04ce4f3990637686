package io.personaforge.dedup;

/**
 * Exact duplicates: texts equal after {@link TextNormalizer normalising}. They are found by the
 * exact-text block key of {@link io.personaforge.dedup.lexical.LexicalDedup}, which also runs when
 * near-duplicate matching is off.
 */
public final class ExactDuplicates {
  /** The method recorded for exact duplicates (similarity 1). */
  public static final String METHOD = "exact";

  private ExactDuplicates() {}
}
