package io.personaforge.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.schemas.config.ConfigException;
import io.personaforge.schemas.config.YamlDocument;
import org.junit.jupiter.api.Test;

class DedupConfigTest {
  private static DedupConfig bind(String yaml) {
    YamlDocument doc = YamlDocument.parse("run.yaml", yaml);
    return doc.bind(doc.root().get("dedup"), "dedup", DedupConfig.class);
  }

  @Test
  void emptySectionTakesEveryDefault() {
    DedupConfig c = bind("dedup: {}\n");
    assertEquals(DedupConfig.defaults(), c);
    assertTrue(c.enabled());
    assertEquals(LexicalConfig.DEFAULT_THRESHOLD, c.lexical().threshold());
    assertEquals(LexicalConfig.DEFAULT_SHINGLE_SIZE, c.lexical().shingleSize());
    assertEquals(32, c.lexical().bands());
    assertEquals(4, c.lexical().rows());
    assertNull(c.semantic().enabled());
    assertEquals(DedupConfig.Compare.NARRATIVE, c.compare());
  }

  @Test
  void everyKeyBinds() {
    DedupConfig c =
        bind(
            """
            dedup:
              enabled: true
              compare: narrative+attributes
              lexical: {enabled: true, threshold: 0.7, shingle_size: 5, bands: 16, rows: 8}
              semantic: {enabled: false, threshold: 0.9, model: all-minilm-l6-v2, max_tokens: 100, tables: 8, bits: 12}
            """);
    assertEquals(DedupConfig.Compare.NARRATIVE_AND_ATTRIBUTES, c.compare());
    assertEquals(new LexicalConfig(true, 0.7, 5, 16, 8), c.lexical());
    assertEquals(
        new SemanticConfig(false, 0.9, "local", "all-minilm-l6-v2", 100, "", "", 8, 12),
        c.semantic());
  }

  @Test
  void unsetSemanticEnabledMeansOnWhateverTheSize() {
    SemanticConfig s = SemanticConfig.defaults();
    assertNull(s.enabled(), "unset stays unset: a run resolves it from its writer");
    assertTrue(s.on());
    assertTrue(s.withEnabled(true).on());
    assertFalse(s.withEnabled(false).on());
    assertEquals(SemanticConfig.QUANTIZED_MINILM, s.model());
    assertEquals(SemanticConfig.DEFAULT_MAX_TOKENS, s.maxTokens());
  }

  @Test
  void embeddingIdChangesWithModelAndCap() {
    SemanticConfig s = SemanticConfig.defaults();
    assertEquals(s.embeddingId(), s.withEnabled(false).embeddingId(), "on/off is no part of it");
    assertFalse(
        s.embeddingId().equals(s.withLocalModel(SemanticConfig.FULL_MINILM, 126).embeddingId()));
    assertFalse(
        s.embeddingId()
            .equals(s.withLocalModel(SemanticConfig.QUANTIZED_MINILM, 100).embeddingId()));
  }

  @Test
  void semanticModelAndProviderErrorsNameTheKey() {
    assertEquals(
        "run.yaml:2:14 dedup.semantic.model: unknown local model 'minilm'; one of:"
            + " all-minilm-l6-v2-q, all-minilm-l6-v2 (or set provider: openai to use an endpoint's"
            + " model)",
        assertThrows(ConfigException.class, () -> bind("dedup:\n  semantic: {model: minilm}\n"))
            .getMessage());
    assertTrue(
        assertThrows(
                ConfigException.class,
                () -> bind("dedup:\n  semantic: {provider: openai, base_url: http://h:1/v1}\n"))
            .getMessage()
            .contains("model: required for provider openai"));
    assertTrue(
        assertThrows(ConfigException.class, () -> bind("dedup:\n  semantic: {max_tokens: -1}\n"))
            .getMessage()
            .contains("max_tokens is -1"));
  }

  @Test
  void thresholdOutOfRangeNamesTheKeyAndTheRange() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> bind("dedup:\n  lexical:\n    threshold: 1.5\n"));
    assertEquals(
        "run.yaml:3:5 dedup.lexical.threshold: threshold is 1.5, it must be in (0, 1] (shingle Jaccard)",
        e.getMessage());
  }

  @Test
  void unknownKeyListsTheAllowedOnes() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> bind("dedup:\n  lexical:\n    shingles: 3\n"));
    assertTrue(
        e.getMessage().startsWith("run.yaml:3:5 dedup.lexical.shingles: unknown key"),
        e.getMessage());
    assertTrue(e.getMessage().contains("shingle_size"), e.getMessage());
  }

  @Test
  void unknownCompareValueIsRejected() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> bind("dedup:\n  compare: attributes\n"));
    assertTrue(e.getMessage().startsWith("run.yaml:2:3 dedup.compare:"), e.getMessage());
  }

  @Test
  void constructorsCheckEveryRange() {
    assertThrows(
        IllegalArgumentException.class, () -> new LexicalConfig(null, 0.0, null, null, null));
    assertEquals(
        "shingle_size is 0, it must be 1 to 10 words",
        assertThrows(
                IllegalArgumentException.class, () -> new LexicalConfig(null, null, 0, null, null))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new LexicalConfig(null, null, null, 0, null));
    assertThrows(
        IllegalArgumentException.class, () -> new LexicalConfig(null, null, null, null, 33));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SemanticConfig(null, 1.1, null, null, null, null, null, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SemanticConfig(null, null, null, null, 127, null, null, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SemanticConfig(null, null, null, null, null, null, null, 0, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SemanticConfig(null, null, null, null, null, null, null, null, 31));
  }

  @Test
  void compareNarrativeAndAttributesAppendsSortedAttributes() {
    java.util.Map<String, Object> attrs = new java.util.LinkedHashMap<>();
    attrs.put("occupation", "nurse");
    attrs.put("age", 34);
    assertEquals("Hi.", DedupText.of("Hi.", attrs, DedupConfig.Compare.NARRATIVE));
    assertEquals(
        "Hi.\nage: 34.\noccupation: nurse.",
        DedupText.of("Hi.", attrs, DedupConfig.Compare.NARRATIVE_AND_ATTRIBUTES));
  }
}
