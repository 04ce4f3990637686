package io.personaforge.dedup;

import java.io.Serializable;

/**
 * A document found to duplicate an earlier one.
 *
 * @param doc the later document (the one removed)
 * @param duplicateOf the earlier document it matches
 * @param similarity the pair's similarity in [0, 1]
 * @param method {@code exact}, {@code lexical} or {@code semantic}
 */
public record DuplicateMatch(DocRef doc, DocRef duplicateOf, double similarity, String method)
    implements Serializable {
  public DuplicateMatch {
    if (duplicateOf.compareTo(doc) >= 0) {
      throw new IllegalArgumentException(
          doc.id() + " cannot duplicate a later document " + duplicateOf.id());
    }
  }
}
