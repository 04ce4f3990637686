package io.personaforge.validator;

import io.personaforge.taxonomy.AttributeSet;
import java.io.Serializable;
import java.util.Map;

/**
 * What is validated: a persona's attributes and what was written for it.
 *
 * @param attributes the sampled attributes
 * @param narrative the narrative
 * @param fields structured fields (name, summary, ...)
 */
public record Subject(AttributeSet attributes, String narrative, Map<String, String> fields)
    implements Serializable {
  public Subject {
    fields = fields == null ? Map.of() : Map.copyOf(fields);
  }
}
