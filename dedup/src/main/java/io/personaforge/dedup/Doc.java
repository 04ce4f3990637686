package io.personaforge.dedup;

import java.io.Serializable;
import java.util.Objects;

/**
 * A document to deduplicate: its identity and place in the keep-first order, and the text compared
 * (see {@link DedupText} for how a persona's text is built).
 */
public record Doc(DocRef ref, String text) implements Serializable {
  public Doc {
    Objects.requireNonNull(ref, "ref");
    text = text == null ? "" : text;
  }
}
