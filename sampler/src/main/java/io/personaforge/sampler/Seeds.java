package io.personaforge.sampler;

import java.util.SplittableRandom;

/**
 * Per-persona randomness. Every random choice for a persona comes from a generator seeded by (run
 * seed, round, ordinal) alone, never from shared state or arrival order, so any runner and any
 * parallelism draw the same corpus.
 */
public final class Seeds {
  private Seeds() {}

  /** A 64-bit seed mixed from the triple (SplitMix64 finaliser over each part). */
  public static long mix(long runSeed, int round, long ordinal) {
    long h = splitMix(runSeed ^ 0x9E3779B97F4A7C15L);
    h = splitMix(h ^ round);
    return splitMix(h ^ ordinal);
  }

  /** A fresh generator for one persona. */
  public static SplittableRandom random(long runSeed, int round, long ordinal) {
    return new SplittableRandom(mix(runSeed, round, ordinal));
  }

  /** A stable persona id: 16 hex digits of the mixed triple. */
  public static String personaId(long runSeed, int round, long ordinal) {
    return String.format("p%016x", splitMix(mix(runSeed, round, ordinal) ^ 0x5851F42D4C957F2DL));
  }

  private static long splitMix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
