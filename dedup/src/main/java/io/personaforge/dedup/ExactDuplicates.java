package io.personaforge.dedup;

import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a group of documents whose normalised texts are identical (same {@link Fingerprint}):
 * the earliest is kept, every other one is its exact duplicate. The answer depends only on the
 * group's members, never on their arrival order.
 */
public final class ExactDuplicates {
  public static final String METHOD = "exact";

  private ExactDuplicates() {}

  /** The duplicates in a group of identical texts (all but the earliest), earliest first. */
  public static List<DuplicateMatch> resolve(List<DocRef> group) {
    List<DocRef> sorted = new ArrayList<>(group);
    sorted.sort(DocRef.KEEP_FIRST);
    List<DuplicateMatch> out = new ArrayList<>();
    for (int i = 1; i < sorted.size(); i++) {
      out.add(new DuplicateMatch(sorted.get(i), sorted.get(0), 1.0, METHOD));
    }
    return out;
  }
}
