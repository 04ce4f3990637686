package io.personaforge.dedup;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;

/**
 * The {@code dedup} section of run.yaml (and the settings of the standalone {@code dedup} command).
 * Every key is optional; a missing key takes its {@code DEFAULT_…} value, so {@code dedup: {}} and
 * no section at all mean the same.
 *
 * @param enabled whether duplicates are removed at all (exact duplicates always are when enabled)
 * @param lexical word-shingle MinHash/LSH settings
 * @param semantic sentence-embedding settings
 * @param compare which text of a persona is compared
 */
public record DedupConfig(
    Boolean enabled, LexicalConfig lexical, SemanticConfig semantic, Compare compare)
    implements Serializable {

  /** Dedup is on unless switched off: near-copies waste users' compute and skew their studies. */
  public static final boolean DEFAULT_ENABLED = true;

  /** The narrative alone: attribute sets repeat by design (quotas), narratives must not. */
  public static final Compare DEFAULT_COMPARE = Compare.NARRATIVE;

  /** Which text of a persona is compared. */
  public enum Compare {
    /** The LLM-written narrative only. */
    @JsonProperty("narrative")
    NARRATIVE,
    /** The narrative followed by the attribute set written as {@code key: value} lines. */
    @JsonProperty("narrative+attributes")
    NARRATIVE_AND_ATTRIBUTES
  }

  public DedupConfig {
    enabled = enabled == null ? DEFAULT_ENABLED : enabled;
    lexical = lexical == null ? LexicalConfig.defaults() : lexical;
    semantic = semantic == null ? SemanticConfig.defaults() : semantic;
    compare = compare == null ? DEFAULT_COMPARE : compare;
  }

  /** Only the on/off switch; everything else at its default. */
  public DedupConfig(Boolean enabled) {
    this(enabled, null, null, null);
  }

  /** This config with another semantic section. */
  public DedupConfig withSemantic(SemanticConfig newSemantic) {
    return new DedupConfig(enabled, lexical, newSemantic, compare);
  }

  public static DedupConfig defaults() {
    return new DedupConfig(null, null, null, null);
  }
}
