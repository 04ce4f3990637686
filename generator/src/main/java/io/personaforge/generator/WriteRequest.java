package io.personaforge.generator;

import io.personaforge.taxonomy.AttributeSet;
import java.io.Serializable;
import java.util.List;

/**
 * What a writer needs to write (or revise) one persona.
 *
 * @param personaId stable persona id
 * @param seed per-persona seed (from run seed, round and ordinal): writers that make random choices
 *     use it and nothing else
 * @param attributes the sampled attributes
 * @param previous the draft being revised, or null for a first draft
 * @param feedback what was wrong with {@code previous} (one line per violation); empty for a first
 *     draft
 */
public record WriteRequest(
    String personaId, long seed, AttributeSet attributes, Draft previous, List<String> feedback)
    implements Serializable {
  public WriteRequest {
    feedback = feedback == null ? List.of() : List.copyOf(feedback);
  }

  /** A first draft request. */
  public static WriteRequest first(String personaId, long seed, AttributeSet attributes) {
    return new WriteRequest(personaId, seed, attributes, null, List.of());
  }

  public boolean isRevision() {
    return previous != null;
  }
}
