package io.personaforge.dedup;

import io.personaforge.schemas.Mix64;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A document's identity and its place in the keep-first order: a document is a duplicate when it
 * matches an earlier one (earlier round, then lower ordinal, then smaller id).
 *
 * @param profile a hash of the attribute values that say who a persona is (its quota and core
 *     attributes, see {@link #profileOf}); {@link #NO_PROFILE} for a document without attributes
 *     (the standalone command's rows). Two documents with different profiles are different people
 *     on the record, so the verdict asks them for stronger textual evidence ({@link #required}).
 */
public record DocRef(String id, int round, long ordinal, long profile)
    implements Serializable, Comparable<DocRef> {
  public static final Comparator<DocRef> KEEP_FIRST =
      Comparator.comparingInt(DocRef::round)
          .thenComparingLong(DocRef::ordinal)
          .thenComparing(DocRef::id);

  /** The profile of a document whose attributes are not known: compared on its text alone. */
  public static final long NO_PROFILE = 0;

  /**
   * How far from the threshold towards 1 the similarity of two documents with different profiles
   * must reach: half way (lexical 0.5 → 0.75, semantic 0.92 → 0.96). Different people written from
   * one template or one prompt share frames and values, never most of their text; a model repeating
   * itself for two people shares most of it (docs/dedup.md has the figures).
   */
  public static final double DEFAULT_PROFILE_MARGIN = 0.5;

  /** A document without a profile. */
  public DocRef(String id, int round, long ordinal) {
    this(id, round, ordinal, NO_PROFILE);
  }

  /**
   * The profile of a persona: a hash of its values at {@code paths} (a path it lacks counts as
   * absent); {@link #NO_PROFILE} when {@code paths} is empty, never otherwise.
   */
  public static long profileOf(Map<String, ?> attributes, List<String> paths) {
    if (paths.isEmpty()) {
      return NO_PROFILE;
    }
    long h = 0x9E3779B97F4A7C15L;
    for (String path : paths) {
      Object v = attributes.get(path);
      h = Mix64.splitMix(h ^ (path.hashCode() & 0xFFFFFFFFL));
      h =
          Mix64.splitMix(
              h ^ (v == null ? 0x5DEECE66DL : (v.toString().hashCode() & 0xFFFFFFFFL) + 1));
    }
    return h == NO_PROFILE ? 1 : h;
  }

  /**
   * The similarity {@code later} and {@code earlier} must reach to be duplicates: {@code threshold}
   * when their profiles agree or either is unknown, else {@link #DEFAULT_PROFILE_MARGIN} of the way
   * from it to 1.
   */
  public static double required(double threshold, DocRef later, DocRef earlier) {
    boolean differ =
        later.profile != NO_PROFILE
            && earlier.profile != NO_PROFILE
            && later.profile != earlier.profile;
    return differ ? threshold + (1 - threshold) * DEFAULT_PROFILE_MARGIN : threshold;
  }

  @Override
  public int compareTo(DocRef o) {
    return KEEP_FIRST.compare(this, o);
  }
}
