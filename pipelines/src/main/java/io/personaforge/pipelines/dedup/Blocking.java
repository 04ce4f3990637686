package io.personaforge.pipelines.dedup;

import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.DuplicateMatch;
import java.io.Serializable;
import java.util.List;

/**
 * One dedup method seen by the pipeline: a persona's sketch, its block keys, and how a block of
 * sketches resolves into matches. The lexical and semantic methods of the {@code dedup} module plug
 * in here so that both share the same grouping steps.
 */
public interface Blocking<S extends Serializable> extends Serializable {
  /** The class of sketches (for their coder). */
  Class<S> sketchClass();

  /** The persona a sketch belongs to. */
  DocRef ref(S sketch);

  /** The keys of the blocks a sketch belongs to. */
  List<String> blockKeys(S sketch);

  /** The duplicates found in one block: pure, independent of order. */
  List<DuplicateMatch> resolveBlock(List<S> block);
}
