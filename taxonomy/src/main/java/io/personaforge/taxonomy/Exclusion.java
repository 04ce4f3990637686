package io.personaforge.taxonomy;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An impossible combination ({@code never:} in a taxonomy file): no persona may hold, at once, one
 * of the listed values for every listed attribute. The sampler never draws such a persona and the
 * quota planner rejects quotas that would need one.
 *
 * @param values attribute path to the forbidden values (categorical or boolean attributes), at
 *     least two attributes
 * @param index position in the file's {@code never} list, used in messages ({@code never[2]})
 */
public record Exclusion(Map<String, Set<String>> values, int index) implements Serializable {
  public Exclusion {
    if (values.size() < 2) {
      throw new IllegalArgumentException(
          "an exclusion names at least two attributes, got " + values.size());
    }
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
    values = Collections.unmodifiableMap(copy);
  }

  /** True when {@code drawn} holds a forbidden value for every attribute of this exclusion. */
  public boolean matches(Map<String, String> drawn) {
    for (Map.Entry<String, Set<String>> e : values.entrySet()) {
      String v = drawn.get(e.getKey());
      if (v == null || !e.getValue().contains(v)) {
        return false;
      }
    }
    return true;
  }

  /** The attribute paths, in file order. */
  public List<String> attributes() {
    return List.copyOf(values.keySet());
  }
}
