package io.personaforge.pipelines.dedup;

import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.DuplicateMatch;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;

/**
 * One dedup method seen by the pipeline: a persona's sketch, its block keys, and how a block of
 * sketches resolves into matches. The lexical and semantic methods of the {@code dedup} module plug
 * in here so that both share the same grouping steps.
 */
public interface Blocking<S extends Serializable> extends Serializable {
  /** How sketches travel between workers. */
  Coder<S> sketchCoder();

  /** The persona a sketch belongs to. */
  DocRef ref(S sketch);

  /** The keys of the blocks a sketch belongs to (64-bit hashes; distinct methods never mix). */
  long[] blockKeys(S sketch);

  /** The duplicates found in one block: pure, independent of order. */
  List<DuplicateMatch> resolveBlock(List<S> block);

  /**
   * A persona as dedup knows it: its place in the keep-first order and the profile of its values at
   * {@code profilePaths} (see {@link DocRef#required}).
   */
  static DocRef docRef(io.personaforge.pipelines.PersonaRecord p, List<String> profilePaths) {
    return new DocRef(
        p.id(), p.round(), p.ordinal(), DocRef.profileOf(p.attributes(), profilePaths));
  }
}
