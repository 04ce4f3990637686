package io.personaforge.dedup;

import java.io.Serializable;

/**
 * The {@code dedup} section of run.yaml.
 *
 * @param enabled whether duplicates are removed at all (exact duplicates always are when enabled)
 */
public record DedupConfig(Boolean enabled) implements Serializable {
  public DedupConfig {
    enabled = enabled == null ? Boolean.TRUE : enabled;
  }

  public static DedupConfig defaults() {
    return new DedupConfig(null);
  }
}
