package io.personaforge.generator.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.FailureKind;
import io.personaforge.generator.GenerationException;
import io.personaforge.schemas.config.ConfigException;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {
  @Test
  void readsAVerdictAsLenientlyAsADraft() throws Exception {
    Verdict v =
        Verdict.parse(
            "Here is my verdict:\n```json\n{\"verdict\": \"FAIL\", \"score\": \"2\","
                + " \"problems\": [\"generic\", \"\", \"contradicts the age\"],}\n```");
    assertFalse(v.pass());
    assertEquals(2, v.score());
    assertEquals(List.of("generic", "contradicts the age"), v.problems());
    Verdict pass = Verdict.parse("{\"verdict\":\"pass\",\"score\":5}");
    assertTrue(pass.pass());
    assertEquals(List.of(), pass.problems());
  }

  @Test
  void keepsAtMostAFewProblems() throws Exception {
    Verdict v =
        Verdict.parse(
            "{\"verdict\":\"fail\",\"score\":1,\"problems\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\"]}");
    assertEquals(Verdict.DEFAULT_MAX_PROBLEMS, v.problems().size());
  }

  @Test
  void anAnswerThatIsNoVerdictIsUnparseableAndRetried() {
    for (String bad :
        List.of(
            "{\"verdict\":\"maybe\",\"score\":3,\"problems\":[]}",
            "{\"verdict\":\"pass\",\"score\":7,\"problems\":[]}",
            "{\"verdict\":\"pass\",\"score\":4.5,\"problems\":[]}",
            "I think it is fine.")) {
      GenerationException e = assertThrows(GenerationException.class, () -> Verdict.parse(bad));
      assertEquals(FailureKind.UNPARSEABLE, e.kind(), bad);
      assertTrue(e.retriable(), bad);
      assertEquals(bad, e.rawOutput());
    }
    assertEquals(
        FailureKind.EMPTY,
        assertThrows(GenerationException.class, () -> Verdict.parse(" ")).kind());
  }

  @Test
  void theBuiltInPromptCarriesTheRubricThePersonaAndTheNarrative() {
    var taxonomy = TaxonomyLoader.load("builtin:general", null);
    JudgePrompt prompt =
        JudgePrompt.of(null, "builtin:coherence", taxonomy, "validation.judges[0]");
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("demographics.age", "37");
    attrs.put("location.city", "Denver");
    String text =
        prompt.render(new AttributeSet(attrs), "Ana is 37 years old.", Map.of("name", "Ana Silva"));
    assertTrue(text.contains("coherent, specific, self-consistent life story"), text);
    assertTrue(text.contains("- age [demographics.age]: 37"), text);
    assertTrue(text.contains("- name: Ana Silva"), text);
    assertTrue(text.contains("Narrative:\nAna is 37 years old.\n\nAnswer with"), text);
    assertEquals("judge-v1", prompt.version());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> JudgePrompt.of(null, "builtin:nope", taxonomy, "validation.judges[2]"));
    assertEquals("validation.judges[2].rubric", e.keyPath());
    ConfigException missing =
        assertThrows(
            ConfigException.class,
            () -> JudgePrompt.of("/no/such/judge.mustache", "x", taxonomy, "validation.judges[1]"));
    assertEquals("validation.judges[1].prompt", missing.keyPath());
  }
}
