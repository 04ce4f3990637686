package io.personaforge.dedup;

import java.io.Serializable;

/**
 * The {@code dedup.semantic} section: sentence embeddings (local all-MiniLM-L6-v2), random-
 * hyperplane buckets as blocking keys, cosine similarity as the verdict.
 *
 * @param enabled {@code true} or {@code false}; unset means "on for runs of at most {@code
 *     max_docs_for_default} documents", because embedding runs at ~200 texts/s on 2 cores
 * @param threshold cosine similarity at or above which two texts are duplicates, in (0, 1]
 * @param maxDocsForDefault the largest run for which an unset {@code enabled} means on, ≥ 0
 * @param tables independent hyperplane tables (each one a blocking key per document), 1–64
 * @param bits hyperplanes per table (bucket key bits), 1–30
 */
public record SemanticConfig(
    Boolean enabled, Double threshold, Long maxDocsForDefault, Integer tables, Integer bits)
    implements Serializable {

  /**
   * MiniLM cosine 0.92: between the highest cosine of two different people measured on free text
   * (0.883 on personas mixed from SPC sentences, 0.908 reported on another mix) and a plain
   * paraphrase of one persona (0.937); the 0.9 of published persona corpora merged different people
   * (docs/dedup.md).
   */
  public static final double DEFAULT_THRESHOLD = 0.92;

  /** 100k texts embed in ~8 minutes on 2 cores; beyond that semantic dedup must be asked for. */
  public static final long DEFAULT_MAX_DOCS_FOR_DEFAULT = 100_000;

  /**
   * 12 tables × 10 bits put 98.5% of SPC pairs at cosine ≥ 0.9 in a shared bucket (~1/1000 of docs
   * each).
   */
  public static final int DEFAULT_TABLES = 12;

  /** See {@link #DEFAULT_TABLES}. */
  public static final int DEFAULT_BITS = 10;

  public SemanticConfig {
    threshold = threshold == null ? DEFAULT_THRESHOLD : threshold;
    maxDocsForDefault =
        maxDocsForDefault == null ? DEFAULT_MAX_DOCS_FOR_DEFAULT : maxDocsForDefault;
    tables = tables == null ? DEFAULT_TABLES : tables;
    bits = bits == null ? DEFAULT_BITS : bits;
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "threshold is " + threshold + ", it must be in (0, 1] (cosine similarity)");
    }
    if (maxDocsForDefault < 0) {
      throw new IllegalArgumentException(
          "max_docs_for_default is " + maxDocsForDefault + ", it must be 0 or more");
    }
    if (tables < 1 || tables > 64) {
      throw new IllegalArgumentException("tables is " + tables + ", it must be 1 to 64");
    }
    if (bits < 1 || bits > 30) {
      throw new IllegalArgumentException("bits is " + bits + ", it must be 1 to 30");
    }
  }

  public static SemanticConfig defaults() {
    return new SemanticConfig(null, null, null, null, null);
  }

  /** Whether semantic dedup runs for a run of {@code docCount} documents. */
  public boolean enabledFor(long docCount) {
    return enabled != null ? enabled : docCount <= maxDocsForDefault;
  }
}
