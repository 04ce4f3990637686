package io.personaforge.taxonomy;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A domain that replaces an attribute's default domain when every attribute named in {@code when}
 * already holds the given value. The first matching conditional of an attribute wins.
 */
public record Conditional(Map<String, String> when, Domain domain) implements Serializable {
  public Conditional {
    if (when.isEmpty()) {
      throw new IllegalArgumentException("a conditional needs at least one condition");
    }
    when = Collections.unmodifiableMap(new TreeMap<>(when));
  }

  /** True when every condition holds in {@code drawn}. */
  public boolean matches(Map<String, String> drawn) {
    for (Map.Entry<String, String> c : when.entrySet()) {
      if (!c.getValue().equals(drawn.get(c.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
