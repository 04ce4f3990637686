package io.personaforge.sampler;

import io.personaforge.schemas.Mix64;
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
    long h = Mix64.splitMix(runSeed ^ 0x9E3779B97F4A7C15L);
    h = Mix64.splitMix(h ^ round);
    return Mix64.splitMix(h ^ ordinal);
  }

  /** A fresh generator for one persona. */
  public static SplittableRandom random(long runSeed, int round, long ordinal) {
    return new SplittableRandom(mix(runSeed, round, ordinal));
  }

  /** A stable persona id: 16 hex digits of the mixed triple. */
  public static String personaId(long runSeed, int round, long ordinal) {
    return String.format(
        "p%016x", Mix64.splitMix(mix(runSeed, round, ordinal) ^ 0x5851F42D4C957F2DL));
  }
}
