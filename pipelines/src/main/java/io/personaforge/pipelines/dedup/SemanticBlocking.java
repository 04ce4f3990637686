package io.personaforge.pipelines.dedup;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.DuplicateMatch;
import io.personaforge.dedup.semantic.SemanticDedup;
import io.personaforge.dedup.semantic.SemanticSketch;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;

/** Sentence-embedding near duplicates (cosine), bucketed by random hyperplanes. */
public final class SemanticBlocking implements Blocking<SemanticSketch> {
  private static final long serialVersionUID = 1L;

  private final DedupConfig config;
  private final List<String> profilePaths;
  private transient SemanticDedup semantic;

  /**
   * @param profilePaths the attributes whose values make a persona's profile (its quota and core
   *     attributes); empty to compare texts alone
   */
  public SemanticBlocking(DedupConfig config, List<String> profilePaths) {
    this.config = config;
    this.profilePaths = List.copyOf(profilePaths);
  }

  /** A persona as semantic dedup knows it, its profile included. */
  DocRef docRef(io.personaforge.pipelines.PersonaRecord p) {
    return Blocking.docRef(p, profilePaths);
  }

  SemanticDedup semantic() {
    if (semantic == null) {
      semantic = new SemanticDedup(config.semantic());
    }
    return semantic;
  }

  /** The semantic sketch of a persona's embedding (as the model gave it). */
  public SemanticSketch sketch(DocRef ref, float[] embedding) {
    return semantic().sketch(ref, embedding);
  }

  public DedupConfig config() {
    return config;
  }

  @Override
  public Coder<SemanticSketch> sketchCoder() {
    // Semantic dedup runs on up to ~100k personas by default; Java serialization is fine there.
    return SerializableCoder.of(SemanticSketch.class);
  }

  @Override
  public DocRef ref(SemanticSketch sketch) {
    return sketch.ref();
  }

  @Override
  public long[] blockKeys(SemanticSketch sketch) {
    return semantic().blockKeys(sketch);
  }

  @Override
  public List<DuplicateMatch> resolveBlock(List<SemanticSketch> block) {
    return semantic().resolveBlock(block);
  }
}
