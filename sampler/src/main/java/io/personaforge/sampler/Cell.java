package io.personaforge.sampler;

import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.AttributeType;
import io.personaforge.taxonomy.Taxonomy;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One quota cell: a combination of fixed attribute values and the exact number of personas the
 * final corpus must hold with them.
 *
 * @param fixed attribute path to value, in quota order
 * @param target exact number of personas
 */
public record Cell(Map<String, String> fixed, long target) implements Serializable {
  public Cell {
    fixed = Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
    if (target < 0) {
      throw new IllegalArgumentException("target must be >= 0, got " + target);
    }
  }

  /**
   * Whether {@code set} belongs to this cell: every fixed categorical or boolean value is equal,
   * and every fixed integer bin ({@code "18-34"}) contains the set's value.
   */
  public boolean holds(AttributeSet set, Taxonomy taxonomy) {
    for (Map.Entry<String, String> e : fixed.entrySet()) {
      String v = set.get(e.getKey());
      if (v == null) {
        return false;
      }
      boolean integer =
          taxonomy.attribute(e.getKey()).map(a -> a.type() == AttributeType.INTEGER).orElse(false);
      if (integer ? !Bins.contains(e.getValue(), v) : !e.getValue().equals(v)) {
        return false;
      }
    }
    return true;
  }

  /** A readable, stable key: {@code demographics.gender=female|location.region=south}. */
  public String key() {
    return fixed.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("|"));
  }
}
