package io.personaforge.validator;

import io.personaforge.taxonomy.AttributeSet;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What is validated: a persona's attributes and what was written for it. Immutable; it caches the
 * lower-cased narrative so that the checks share one copy.
 */
public final class Subject implements Serializable {
  private static final long serialVersionUID = 1L;

  private final AttributeSet attributes;
  private final String narrative;
  private final Map<String, String> fields;
  private transient String lower;

  /**
   * @param attributes the sampled attributes
   * @param narrative the narrative
   * @param fields structured fields (name, summary, ...); null means none
   */
  public Subject(AttributeSet attributes, String narrative, Map<String, String> fields) {
    this.attributes = Objects.requireNonNull(attributes, "attributes");
    this.narrative = narrative == null ? "" : narrative;
    this.fields = fields == null ? Map.of() : Map.copyOf(fields);
  }

  /** The sampled attributes. */
  public AttributeSet attributes() {
    return attributes;
  }

  /** The narrative ("" when there is none). */
  public String narrative() {
    return narrative;
  }

  /** Structured fields (name, summary, ...). */
  public Map<String, String> fields() {
    return fields;
  }

  /** The narrative in lower case (computed once; racing threads compute the same value). */
  public String lowerNarrative() {
    String l = lower;
    if (l == null) {
      l = narrative.toLowerCase(Locale.ROOT);
      lower = l;
    }
    return l;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Subject s
        && attributes.equals(s.attributes)
        && narrative.equals(s.narrative)
        && fields.equals(s.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(attributes, narrative, fields);
  }

  @Override
  public String toString() {
    return "Subject[attributes="
        + attributes
        + ", narrative="
        + narrative
        + ", fields="
        + fields
        + "]";
  }
}
