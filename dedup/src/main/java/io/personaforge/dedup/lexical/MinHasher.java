package io.personaforge.dedup.lexical;

import io.personaforge.schemas.Mix64;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * MinHash signatures and LSH band keys. The hash family is fixed by a constant seed, so every
 * worker, run and machine computes the same keys for the same text.
 */
public final class MinHasher {
  /** Fixed: changing it changes every band key, which is harmless but breaks reproducibility. */
  public static final long DEFAULT_SEED = 0x5EED_D3D0_0001L;

  private final int bands;
  private final int rows;
  private final long[] mul;
  private final long[] add;

  public MinHasher(int bands, int rows) {
    if (bands < 1 || bands > 256) {
      throw new IllegalArgumentException("bands is " + bands + ", it must be 1 to 256");
    }
    if (rows < 1 || rows > 32) {
      throw new IllegalArgumentException("rows is " + rows + ", it must be 1 to 32");
    }
    this.bands = bands;
    this.rows = rows;
    int n = bands * rows;
    mul = new long[n];
    add = new long[n];
    SplittableRandom random = new SplittableRandom(DEFAULT_SEED);
    for (int i = 0; i < n; i++) {
      mul[i] = random.nextLong() | 1L;
      add[i] = random.nextLong();
    }
  }

  /**
   * The band keys of a shingle set: each of the {@code bands × rows} hash functions is a
   * multiply-add on the 32-bit shingle hash (the high 32 bits of the 64-bit product kept); a band
   * key mixes the band's {@code rows} minima with the band number. An empty set has no band keys.
   */
  public long[] bandKeys(int[] shingles) {
    if (shingles.length == 0) {
      return new long[0];
    }
    int n = bands * rows;
    long[] min = new long[n];
    Arrays.fill(min, Long.MAX_VALUE);
    for (int shingle : shingles) {
      long s = shingle & 0xffffffffL;
      for (int i = 0; i < n; i++) {
        long v = (s * mul[i] + add[i]) >>> 32;
        if (v < min[i]) {
          min[i] = v;
        }
      }
    }
    long[] keys = new long[bands];
    for (int b = 0; b < bands; b++) {
      long h = Mix64.murmur(b + 0x9E3779B97F4A7C15L);
      for (int r = 0; r < rows; r++) {
        h = Mix64.murmur(h ^ min[b * rows + r]) + r;
      }
      keys[b] = h;
    }
    return keys;
  }
}
