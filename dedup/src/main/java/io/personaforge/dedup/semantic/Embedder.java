package io.personaforge.dedup.semantic;

import java.util.List;

/**
 * Turns texts into embedding vectors. Implementations need not be serializable: a pipeline builds
 * one per worker (in {@code @Setup}).
 */
public interface Embedder {
  /** One vector per text, in order; vectors of one embedder all have the same length. */
  List<float[]> embedAll(List<String> texts);
}
