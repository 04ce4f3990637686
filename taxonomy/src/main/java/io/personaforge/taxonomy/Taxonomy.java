package io.personaforge.taxonomy;

import java.io.Serializable;
import java.util.Collections;
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

  private final String name;
  private final String description;
  private final String contentHash;
  private final List<Attribute> attributes;
  private final Map<String, Attribute> byPath;

  /**
   * @param name the name users refer to it by ({@code builtin:general} or the file path)
   * @param description one paragraph for people
   * @param contentHash SHA-256 (hex) of the file's content, recorded in provenance
   * @param attributes leaf attributes in sampling order
   */
  public Taxonomy(String name, String description, String contentHash, List<Attribute> attributes) {
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

  /** Whether a leaf attribute exists at {@code path}. */
  public boolean has(String path) {
    return byPath.containsKey(path);
  }
}
