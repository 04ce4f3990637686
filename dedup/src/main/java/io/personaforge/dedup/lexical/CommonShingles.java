package io.personaforge.dedup.lexical;

import io.personaforge.dedup.DocRef;
import io.personaforge.schemas.Mix64;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The shingles so common in a corpus that they say nothing about which texts are copies of each
 * other ("she would tell", "is best described as", a prompt's boilerplate), left out of the MinHash
 * signatures and out of the Jaccard verdict ({@link #content}).
 *
 * <p>Why: LSH puts two texts in one block when a band's minima are equal, and a shingle shared by
 * most texts is often the minimum. On templated text (the offline writer, or an LLM answering one
 * prompt a million times) the bands then make blocks of a sizeable share of the corpus and the
 * candidate pairs grow with its square: 2.2 million pairs for 20,000 offline narratives, 13,000
 * with the common shingles left out, every planted near-copy still found. Near-copies share their
 * uncommon shingles as much as their common ones, so their collision odds barely change.
 *
 * <p>Common means found in at least {@code share} of a deterministic sample of the texts (chosen by
 * a hash of their id, about {@link #SAMPLE_DOCS} of them) and in at least {@link #MIN_COUNT} of
 * them, so small corpora keep their shingles. A text left with fewer than {@link #MIN_UNCOMMON}
 * uncommon shingles (it is nearly all boilerplate) is signed with all of them: its near-copies
 * differ only in a few words, which a signature of those few words would miss.
 *
 * <p>Immutable and serializable (a Beam side input).
 */
public final class CommonShingles implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Texts counted: enough for a 1% share to be ~100 texts, small enough to count in ~20 MB. */
  public static final int SAMPLE_DOCS = 10_000;

  /**
   * A shingle in fewer texts of the sample than this is never common. On SPC (~1,900 texts whose
   * sentences recur across personas) 20 cost 6 points of recall, 100 costs 0.4.
   */
  public static final int MIN_COUNT = 100;

  /** Fewer uncommon shingles than this and a text is signed with all of its shingles. */
  public static final int MIN_UNCOMMON = 8;

  /** No shingle is common: signatures use every shingle. */
  public static final CommonShingles NONE = new CommonShingles(new int[0], 0);

  private final int[] sorted;
  private final long sampledDocs;

  private CommonShingles(int[] sorted, long sampledDocs) {
    this.sorted = sorted;
    this.sampledDocs = sampledDocs;
  }

  /** The share of texts to count when about {@code expectedDocs} are deduplicated together. */
  public static double sampleRate(long expectedDocs) {
    return expectedDocs <= SAMPLE_DOCS ? 1.0 : (double) SAMPLE_DOCS / expectedDocs;
  }

  /** Whether a text is in the sample: a pure function of its id, so every runner agrees. */
  public static boolean sampled(DocRef ref, double rate) {
    if (rate >= 1.0) {
      return true;
    }
    long h = Mix64.murmur(ref.id().hashCode() * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
    return (h >>> 11) * 0x1.0p-53 < rate;
  }

  /** How many common shingles there are. */
  public int size() {
    return sorted.length;
  }

  /** How many texts were counted. */
  public long sampledDocs() {
    return sampledDocs;
  }

  public boolean contains(int shingle) {
    return Arrays.binarySearch(sorted, shingle) >= 0;
  }

  /**
   * The shingles a text is signed with: its uncommon ones, or all of them when fewer than {@link
   * #MIN_UNCOMMON} are uncommon. The input is returned as is when nothing is left out.
   */
  public int[] signed(int[] shingles) {
    return uncommon(shingles, MIN_UNCOMMON);
  }

  /**
   * The shingles a text's duplicate verdict compares: its uncommon ones, or all of them when none
   * is uncommon (a text of pure boilerplate). Two texts written from the same frames share the
   * frames' shingles whoever they describe; only what differs between people can make them copies.
   */
  public int[] content(int[] shingles) {
    return uncommon(shingles, 1);
  }

  /** The uncommon shingles, or the input as is when fewer than {@code atLeast} are uncommon. */
  private int[] uncommon(int[] shingles, int atLeast) {
    if (sorted.length == 0) {
      return shingles;
    }
    int[] out = new int[shingles.length];
    int n = 0;
    for (int s : shingles) {
      if (!contains(s)) {
        out[n++] = s;
      }
    }
    return n == shingles.length || n < atLeast ? shingles : Arrays.copyOf(out, n);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CommonShingles c
        && sampledDocs == c.sampledDocs
        && Arrays.equals(sorted, c.sorted);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sorted) * 31 + Long.hashCode(sampledDocs);
  }

  @Override
  public String toString() {
    return "CommonShingles[" + sorted.length + " of " + sampledDocs + " texts]";
  }

  /**
   * Counts in how many sampled texts each shingle occurs: mergeable in any order with the same
   * result (a Beam combiner's accumulator). Holds every sampled shingle, ~4 bytes each.
   */
  public static final class Counter implements Serializable {
    private static final long serialVersionUID = 1L;

    private int[] shingles = new int[1024];
    private int size;
    private long docs;

    /** Adds one text's distinct shingles. */
    public Counter add(int[] distinctShingles) {
      ensure(size + distinctShingles.length);
      System.arraycopy(distinctShingles, 0, shingles, size, distinctShingles.length);
      size += distinctShingles.length;
      docs++;
      return this;
    }

    /** Adds everything another counter counted. */
    public Counter merge(Counter other) {
      ensure(size + other.size);
      System.arraycopy(other.shingles, 0, shingles, size, other.size);
      size += other.size;
      docs += other.docs;
      return this;
    }

    public long docs() {
      return docs;
    }

    private void ensure(int capacity) {
      if (capacity > shingles.length) {
        shingles = Arrays.copyOf(shingles, Math.max(capacity, shingles.length * 2));
      }
    }

    /**
     * The shingles found in at least {@code share} of the counted texts (and in at least {@link
     * #MIN_COUNT}); {@code share} 0 means none is common.
     */
    public CommonShingles build(double share) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("share is " + share + ", it must be in [0, 1]");
      }
      if (share == 0 || docs == 0) {
        return new CommonShingles(new int[0], docs);
      }
      long threshold = Math.max(MIN_COUNT, (long) Math.ceil(share * docs));
      int[] all = Arrays.copyOf(shingles, size);
      Arrays.sort(all);
      int[] common = new int[64];
      int n = 0;
      for (int i = 0; i < all.length; ) {
        int j = i;
        while (j < all.length && all[j] == all[i]) {
          j++;
        }
        if (j - i >= threshold) {
          if (n == common.length) {
            common = Arrays.copyOf(common, n * 2);
          }
          common[n++] = all[i];
        }
        i = j;
      }
      return new CommonShingles(Arrays.copyOf(common, n), docs);
    }
  }
}
