package io.personaforge.pipelines.dedup;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.DedupText;
import io.personaforge.dedup.Doc;
import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.DuplicateMatch;
import io.personaforge.dedup.lexical.CommonShingles;
import io.personaforge.dedup.lexical.LexicalDedup;
import io.personaforge.dedup.lexical.LexicalSketch;
import io.personaforge.pipelines.PersonaRecord;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;

/** Exact and MinHash-LSH near duplicates of the compared text. */
public final class LexicalBlocking implements Blocking<LexicalSketch> {
  private static final long serialVersionUID = 1L;

  private final DedupConfig config;
  private final List<String> profilePaths;
  private transient LexicalDedup lexical;

  /**
   * @param profilePaths the attributes whose values make a persona's profile (its quota and core
   *     attributes); empty to compare texts alone
   */
  public LexicalBlocking(DedupConfig config, List<String> profilePaths) {
    this.config = config;
    this.profilePaths = List.copyOf(profilePaths);
  }

  private LexicalDedup lexical() {
    if (lexical == null) {
      lexical = new LexicalDedup(config.lexical());
    }
    return lexical;
  }

  /** The shingles of one persona's compared text, not yet signed (see {@link #signed}). */
  public LexicalSketch shingled(PersonaRecord p) {
    String text = DedupText.of(p.narrative(), p.attributes(), config.compare());
    return lexical().shingled(new Doc(Blocking.docRef(p, profilePaths), text));
  }

  /** A shingled sketch with its band keys, the corpus's common shingles left out. */
  public LexicalSketch signed(LexicalSketch shingled, CommonShingles common) {
    return lexical().signed(shingled, common);
  }

  /** The share of texts above which a shingle is common ({@code dedup.lexical.common_share}). */
  public double commonShare() {
    return config.lexical().commonShare();
  }

  @Override
  public Coder<LexicalSketch> sketchCoder() {
    return LexicalSketchCoder.of();
  }

  @Override
  public DocRef ref(LexicalSketch sketch) {
    return sketch.ref();
  }

  @Override
  public long[] blockKeys(LexicalSketch sketch) {
    return lexical().blockKeys(sketch);
  }

  @Override
  public List<DuplicateMatch> resolveBlock(List<LexicalSketch> block) {
    return lexical().resolveBlock(block);
  }
}
