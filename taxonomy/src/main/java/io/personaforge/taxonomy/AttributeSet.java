package io.personaforge.taxonomy;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attributes drawn for one persona: taxonomy path to value, in the order they were drawn.
 * Numbers are written in plain decimal, booleans as {@code true}/{@code false}.
 */
public record AttributeSet(Map<String, String> values) implements Serializable {
  public AttributeSet {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public String get(String path) {
    return values.get(path);
  }

  public boolean has(String path) {
    return values.containsKey(path);
  }

  public int size() {
    return values.size();
  }
}
