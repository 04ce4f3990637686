package io.personaforge.taxonomy;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A leaf of the taxonomy.
 *
 * @param path dotted path from the root category, e.g. {@code demographics.age}
 * @param label human words for the attribute, used in prompts and narratives ("age")
 * @param type the kind of value
 * @param core whether every persona draws it (quota'd attributes are always drawn too)
 * @param domain the default domain
 * @param conditionals domains that replace the default when earlier attributes hold given values
 * @param description what the attribute means (for prompts and docs)
 * @param source where the default distribution comes from (a census table, a survey), or ""
 * @param line the line of the attribute in its taxonomy file (0 for unknown)
 * @param phrasing how the offline writer states the attribute ({@link Phrasing#NONE} for its
 *     generic sentence)
 * @param pronouns value → subject pronoun ("she", "he", "they") when this attribute chooses the
 *     persona's pronouns; empty otherwise
 */
public record Attribute(
    String path,
    String label,
    AttributeType type,
    boolean core,
    Domain domain,
    List<Conditional> conditionals,
    String description,
    String source,
    int line,
    Phrasing phrasing,
    Map<String, String> pronouns)
    implements Serializable {
  public Attribute {
    phrasing = phrasing == null ? Phrasing.NONE : phrasing;
    pronouns = pronouns == null ? Map.of() : Map.copyOf(pronouns);
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("attribute path is empty");
    }
    conditionals = List.copyOf(conditionals);
    description = description == null ? "" : description;
    source = source == null ? "" : source;
    label = label == null || label.isBlank() ? defaultLabel(path) : label;
  }

  /**
   * The domain that applies given the attributes drawn so far (the first matching conditional's,
   * else the attribute's own): the offline writer reads it to tell a common value from a rare one.
   */
  public Domain domainGiven(Map<String, String> drawn) {
    for (Conditional c : conditionals) {
      if (c.matches(drawn)) {
        return c.domain();
      }
    }
    return domain;
  }

  /**
   * Every attribute this one is drawn after: those its conditionals test and, for a name, those
   * that select its table cell.
   */
  public Set<String> dependencies() {
    Set<String> out = new LinkedHashSet<>();
    for (Conditional c : conditionals) {
      out.addAll(c.when().keySet());
    }
    if (domain instanceof Domain.Names n) {
      out.addAll(n.dependencies());
    }
    return out;
  }

  /** The last segment of the path. */
  public String name() {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** The category path (everything before the last dot). */
  public String category() {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  /** Every value a categorical or boolean attribute can take in any of its domains. */
  public Set<String> possibleValues() {
    Set<String> out = new LinkedHashSet<>();
    addValues(domain, out);
    for (Conditional c : conditionals) {
      addValues(c.domain(), out);
    }
    return out;
  }

  private static void addValues(Domain d, Set<String> out) {
    if (d instanceof Domain.Categorical c) {
      out.addAll(c.values());
    } else if (d instanceof Domain.Bool) {
      out.add("true");
      out.add("false");
    }
  }

  private static String defaultLabel(String path) {
    String name = path.substring(path.lastIndexOf('.') + 1);
    return name.replace('_', ' ');
  }
}
