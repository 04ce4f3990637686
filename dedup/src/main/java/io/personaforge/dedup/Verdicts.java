package io.personaforge.dedup;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Picks the one verdict recorded for a duplicate document among all the matches found for it in all
 * its blocks (lexical and semantic alike): the earliest {@code duplicate_of}, then the higher
 * similarity, then the method name. Because this is a minimum under a total order, the verdict is
 * the same whatever the order or grouping in which matches arrive, and the minimum of per-block
 * minima equals the minimum over all matches.
 */
public final class Verdicts {
  /** Earliest duplicate_of first, then highest similarity, then method name. */
  public static final Comparator<DuplicateMatch> ORDER =
      Comparator.comparing(DuplicateMatch::duplicateOf, DocRef.KEEP_FIRST)
          .thenComparing(Comparator.comparingDouble(DuplicateMatch::similarity).reversed())
          .thenComparing(DuplicateMatch::method);

  private Verdicts() {}

  /**
   * The verdict for one document, empty when it has no match.
   *
   * @throws IllegalArgumentException if the matches are about different documents
   */
  public static Optional<DuplicateMatch> verdict(Collection<DuplicateMatch> matchesOfOneDoc) {
    DuplicateMatch best = null;
    for (DuplicateMatch m : matchesOfOneDoc) {
      if (best != null && !best.doc().equals(m.doc())) {
        throw new IllegalArgumentException(
            "matches of different documents: " + best.doc().id() + " and " + m.doc().id());
      }
      if (best == null || ORDER.compare(m, best) < 0) {
        best = m;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The better of two verdicts for the same document ({@code a} may be null). */
  public static DuplicateMatch better(DuplicateMatch a, DuplicateMatch b) {
    return a == null || ORDER.compare(b, a) < 0 ? b : a;
  }
}
