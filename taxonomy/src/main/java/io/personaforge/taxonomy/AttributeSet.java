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
    // A Handover map is built by its caller for this set alone, so copying it again would only
    // cost time on the sampler's hot path; any other map is copied.
    values =
        Collections.unmodifiableMap(
            values instanceof Handover ? values : new LinkedHashMap<>(values));
  }

  /**
   * An insertion-ordered map whose ownership passes to the {@link AttributeSet} built from it: the
   * set keeps it without copying. The builder must not touch it afterwards.
   */
  public static final class Handover extends LinkedHashMap<String, String> {
    private static final long serialVersionUID = 1L;

    public Handover(int expectedSize) {
      super(expectedSize * 4 / 3 + 2);
    }
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
