package io.personaforge.dedup;

import java.util.List;

/**
 * The outcome of deduplicating a set of documents.
 *
 * @param documents documents seen
 * @param duplicates one verdict per duplicate document, in keep-first order of the duplicates
 * @param pairs every verified pair (only when pairs were asked for, else empty)
 * @param stats where the time went
 */
public record DedupResult(
    long documents, List<DuplicateMatch> duplicates, List<DuplicateMatch> pairs, Stats stats) {

  /**
   * @param semantic whether semantic dedup ran
   * @param embedded texts embedded
   * @param embedNanos time spent embedding
   * @param sketchNanos time spent shingling and hashing
   * @param resolveNanos time spent grouping and verifying blocks
   * @param blocks blocks of two or more documents resolved
   * @param largestBlock documents in the largest block
   */
  public record Stats(
      boolean semantic,
      long embedded,
      long embedNanos,
      long sketchNanos,
      long resolveNanos,
      long blocks,
      int largestBlock) {
    /** Texts embedded per second of embedding time (0 when nothing was embedded). */
    public double embeddingRate() {
      return embedNanos == 0 ? 0 : embedded / (embedNanos / 1e9);
    }
  }

  /** Documents kept (not duplicates). */
  public long kept() {
    return documents - duplicates.size();
  }

  /** Duplicates found by {@code method} ({@code exact}, {@code lexical} or {@code semantic}). */
  public long count(String method) {
    return duplicates.stream().filter(d -> d.method().equals(method)).count();
  }
}
