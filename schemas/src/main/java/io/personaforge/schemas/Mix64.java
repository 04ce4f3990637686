package io.personaforge.schemas;

/**
 * The project's two 64-bit mixers, each defined once: persona ids, sampling seeds, request seeds,
 * shingle hashes and the corpus metrics depend on their exact bits, so a second copy that drifted
 * would change corpora silently.
 */
public final class Mix64 {
  private Mix64() {}

  /** SplitMix64's finaliser: spreads nearby seeds (run seed, round, ordinal) far apart. */
  public static long splitMix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** MurmurHash3's 64-bit finaliser: spreads the bits of word and shingle hashes. */
  public static long murmur(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
