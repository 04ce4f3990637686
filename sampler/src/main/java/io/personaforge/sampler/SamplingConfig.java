package io.personaforge.sampler;

import java.io.Serializable;

/**
 * The {@code sampling:} section of run.yaml.
 *
 * <pre>
 * sampling:
 *   depth: {min: 20, max: 40}   # further attributes per persona beyond core and quota'd ones
 *   estimation_draws: 100000    # draws used to estimate the taxonomy's joint for quota planning
 * </pre>
 *
 * @param depth how many further attributes each persona draws
 * @param estimationDraws draws the quota planner makes to estimate the taxonomy's own joint
 *     distribution of the quota'd attributes (the IPF seed); at least 1,000
 */
public record SamplingConfig(Depth depth, Integer estimationDraws) implements Serializable {
  /** Default depth: enough variety for a rich narrative without drowning the prompt. */
  public static final Depth DEFAULT_DEPTH = new Depth(20, 40);

  /**
   * Default estimation draws: a cell of probability 1e-4 is then seen ~10 times (so kept), and
   * planning stays well under a second for the built-in taxonomy.
   */
  public static final int DEFAULT_ESTIMATION_DRAWS = 100_000;

  /** Defaults throughout. */
  public static final SamplingConfig DEFAULT = new SamplingConfig(null, null);

  public SamplingConfig {
    depth = depth == null ? DEFAULT_DEPTH : depth;
    estimationDraws = estimationDraws == null ? DEFAULT_ESTIMATION_DRAWS : estimationDraws;
    if (estimationDraws < 1_000 || estimationDraws > 100_000_000) {
      throw new IllegalArgumentException(
          "estimation_draws must be in [1000, 100000000], got " + estimationDraws);
    }
  }

  /** A config with the given depth and default estimation draws. */
  public static SamplingConfig depth(int min, int max) {
    return new SamplingConfig(new Depth(min, max), null);
  }

  /**
   * How many attributes each persona draws beyond its core and quota'd ones: a whole number drawn
   * uniformly in [min, max] per persona (capped by the taxonomy's size). Attributes that a chosen
   * attribute depends on are drawn too and do not count.
   *
   * @param min at least 0
   * @param max at least {@code min}, at most 100,000
   */
  public record Depth(Integer min, Integer max) implements Serializable {
    public Depth {
      if (min == null || max == null) {
        throw new IllegalArgumentException("depth needs 'min' and 'max' (e.g. {min: 20, max: 40})");
      }
      if (min < 0) {
        throw new IllegalArgumentException("depth.min must be >= 0, got " + min);
      }
      if (max < min || max > 100_000) {
        throw new IllegalArgumentException(
            "depth.max must be in [depth.min=" + min + ", 100000], got " + max);
      }
    }
  }
}
