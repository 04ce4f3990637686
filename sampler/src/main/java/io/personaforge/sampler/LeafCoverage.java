package io.personaforge.sampler;

import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.Taxonomy;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts how many personas drew each leaf attribute, for the run summary ("leaf coverage: 312/312
 * leaves used"). Mergeable, so a Beam {@code CombineFn} can accumulate it per bundle and merge; not
 * thread-safe (one instance per accumulator).
 */
public final class LeafCoverage implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> paths;
  private final Map<String, Integer> index;
  private final long[] counts;
  private long personas;

  public LeafCoverage(Taxonomy taxonomy) {
    paths = taxonomy.attributes().stream().map(Attribute::path).toList();
    index = new HashMap<>();
    for (int i = 0; i < paths.size(); i++) {
      index.put(paths.get(i), i);
    }
    counts = new long[paths.size()];
  }

  /** Records one persona's attributes. */
  public LeafCoverage add(AttributeSet set) {
    personas++;
    for (String p : set.values().keySet()) {
      Integer i = index.get(p);
      if (i != null) {
        counts[i]++;
      }
    }
    return this;
  }

  /** Adds another accumulator's counts (same taxonomy) into this one. */
  public LeafCoverage merge(LeafCoverage other) {
    if (other.counts.length != counts.length) {
      throw new IllegalArgumentException("coverage of a different taxonomy");
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    personas += other.personas;
    return this;
  }

  /** Personas recorded. */
  public long personas() {
    return personas;
  }

  /** Leaves drawn by at least one persona. */
  public int used() {
    int u = 0;
    for (long c : counts) {
      u += c > 0 ? 1 : 0;
    }
    return u;
  }

  /** Leaves in the taxonomy. */
  public int leaves() {
    return counts.length;
  }

  /** How many personas drew {@code path} (0 when unknown). */
  public long count(String path) {
    Integer i = index.get(path);
    return i == null ? 0 : counts[i];
  }

  /** Leaves no persona drew, in sampling order. */
  public List<String> unused() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        out.add(paths.get(i));
      }
    }
    return out;
  }

  /** "312/312 leaves used (100.0%)". */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%d/%d leaves used (%.1f%%)",
        used(),
        leaves(),
        leaves() == 0 ? 100.0 : 100.0 * used() / leaves());
  }
}
