package io.personaforge.pipelines;

/**
 * The one way the pipeline spreads string keys over a bounded number of Beam keys. Grouping by a
 * few shards rather than one key per persona or per block matters on the Direct runner, which
 * starts one bundle per key after a GroupByKey.
 */
public final class Shards {
  private Shards() {}

  /** A stable shard of {@code key} in [0, shards): String.hashCode is fixed by the Java spec. */
  public static int of(String key, int shards) {
    return Math.floorMod(key.hashCode(), shards);
  }

  /** A stable shard of a 64-bit hash key in [0, shards) (its bits are already well mixed). */
  public static int of(long key, int shards) {
    return Math.floorMod(Long.hashCode(key), shards);
  }
}
