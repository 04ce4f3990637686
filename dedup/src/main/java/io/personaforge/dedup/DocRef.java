package io.personaforge.dedup;

import java.io.Serializable;
import java.util.Comparator;

/**
 * A document's identity and its place in the keep-first order: a document is a duplicate when it
 * matches an earlier one (earlier round, then lower ordinal, then smaller id).
 */
public record DocRef(String id, int round, long ordinal)
    implements Serializable, Comparable<DocRef> {
  public static final Comparator<DocRef> KEEP_FIRST =
      Comparator.comparingInt(DocRef::round)
          .thenComparingLong(DocRef::ordinal)
          .thenComparing(DocRef::id);

  @Override
  public int compareTo(DocRef o) {
    return KEEP_FIRST.compare(this, o);
  }
}
