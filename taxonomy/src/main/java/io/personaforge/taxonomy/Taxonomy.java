package io.personaforge.taxonomy;

import java.io.Serializable;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, checked taxonomy. Its attributes are in sampling order: every attribute comes after the
 * attributes its conditionals depend on. Immutable.
 */
public final class Taxonomy implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Attributes under this top-level category ({@code style.voice}) say how the narrative is
   * written, not who the person is: the LLM prompt lists them apart, the offline writer skips them.
   */
  public static final String STYLE_CATEGORY = "style";

  /** Whether {@code path} is a style attribute (under {@link #STYLE_CATEGORY}). */
  public static boolean isStyle(String path) {
    return path.startsWith(STYLE_CATEGORY + ".");
  }

  private final String name;
  private final String description;
  private final String contentHash;
  private final List<Attribute> attributes;
  private final Map<String, Attribute> byPath;
  private final List<Exclusion> exclusions;

  /**
   * @param name the name users refer to it by ({@code builtin:general} or the file path)
   * @param description one paragraph for people
   * @param contentHash SHA-256 (hex) of the file's content, recorded in provenance
   * @param attributes leaf attributes in sampling order
   */
  public Taxonomy(String name, String description, String contentHash, List<Attribute> attributes) {
    this(name, description, contentHash, attributes, List.of());
  }

  /**
   * @param exclusions impossible combinations ({@code never:}); each names attributes of this
   *     taxonomy
   */
  public Taxonomy(
      String name,
      String description,
      String contentHash,
      List<Attribute> attributes,
      List<Exclusion> exclusions) {
    this.exclusions = List.copyOf(exclusions);
    this.name = name;
    this.description = description == null ? "" : description;
    this.contentHash = contentHash;
    this.attributes = List.copyOf(attributes);
    Map<String, Attribute> m = new LinkedHashMap<>();
    for (Attribute a : this.attributes) {
      if (m.put(a.path(), a) != null) {
        throw new IllegalArgumentException("attribute " + a.path() + " is defined twice");
      }
    }
    this.byPath = Collections.unmodifiableMap(m);
    for (Exclusion e : this.exclusions) {
      for (String path : e.values().keySet()) {
        if (!m.containsKey(path)) {
          throw new IllegalArgumentException("exclusion names unknown attribute " + path);
        }
      }
    }
  }

  /** Impossible combinations ({@code never:} in the file). */
  public List<Exclusion> exclusions() {
    return exclusions;
  }

  /** Position of {@code path} in sampling order, or -1. */
  public int indexOf(String path) {
    Attribute a = byPath.get(path);
    return a == null ? -1 : attributes.indexOf(a);
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public String contentHash() {
    return contentHash;
  }

  /** Leaf attributes in sampling order. */
  public List<Attribute> attributes() {
    return attributes;
  }

  /** The attribute at a dotted path, if there is one. */
  public Optional<Attribute> attribute(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  /**
   * The name attributes ({@code type: name}) in file order: their drawn values, joined by spaces in
   * this order, are the persona's full name ("first_name" then "last_name").
   */
  public List<Attribute> nameAttributes() {
    return attributes.stream()
        .filter(a -> a.type() == AttributeType.NAME)
        .sorted(Comparator.comparingInt(Attribute::line))
        .toList();
  }

  /** The persona's full name from its drawn values, or empty when the taxonomy draws none. */
  public Optional<String> fullName(Map<String, String> values) {
    StringBuilder sb = new StringBuilder();
    for (Attribute a : nameAttributes()) {
      String v = values.get(a.path());
      if (v != null && !v.isBlank()) {
        sb.append(sb.isEmpty() ? "" : " ").append(v);
      }
    }
    return sb.isEmpty() ? Optional.empty() : Optional.of(sb.toString());
  }

  /** The attribute whose values choose the persona's pronouns ({@code pronouns:}), if any. */
  public Optional<Attribute> pronounSource() {
    return attributes.stream().filter(a -> !a.pronouns().isEmpty()).findFirst();
  }

  /** Whether a leaf attribute exists at {@code path}. */
  public boolean has(String path) {
    return byPath.containsKey(path);
  }
}
