package io.personaforge.pipelines.dedup;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.DedupText;
import io.personaforge.dedup.Doc;
import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.DuplicateMatch;
import io.personaforge.dedup.lexical.LexicalDedup;
import io.personaforge.dedup.lexical.LexicalSketch;
import io.personaforge.pipelines.PersonaRecord;
import java.util.List;

/** Exact and MinHash-LSH near duplicates of the compared text. */
public final class LexicalBlocking implements Blocking<LexicalSketch> {
  private static final long serialVersionUID = 1L;

  private final DedupConfig config;
  private transient LexicalDedup lexical;

  public LexicalBlocking(DedupConfig config) {
    this.config = config;
  }

  private LexicalDedup lexical() {
    if (lexical == null) {
      lexical = new LexicalDedup(config.lexical());
    }
    return lexical;
  }

  /** The sketch of one persona. */
  public LexicalSketch sketch(PersonaRecord p) {
    String text = DedupText.of(p.narrative(), p.attributes(), config.compare());
    return lexical().sketch(new Doc(new DocRef(p.id(), p.round(), p.ordinal()), text));
  }

  @Override
  public Class<LexicalSketch> sketchClass() {
    return LexicalSketch.class;
  }

  @Override
  public DocRef ref(LexicalSketch sketch) {
    return sketch.ref();
  }

  @Override
  public List<String> blockKeys(LexicalSketch sketch) {
    return lexical().blockKeys(sketch);
  }

  @Override
  public List<DuplicateMatch> resolveBlock(List<LexicalSketch> block) {
    return lexical().resolveBlock(block);
  }
}
