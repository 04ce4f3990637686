package io.personaforge.sampler;

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

  /** A readable, stable key: {@code demographics.gender=female|location.region=south}. */
  public String key() {
    return fixed.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("|"));
  }
}
