package io.personaforge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.SemanticConfig;
import io.personaforge.generator.GeneratorConfig;
import io.personaforge.pipelines.config.RunConfig;
import org.junit.jupiter.api.Test;

/** How a run resolves what run.yaml leaves unset, and that run.yaml in OUT shows the result. */
class RunConfigTest {
  private static final GeneratorConfig LLM =
      GeneratorConfig.builder()
          .provider("openai")
          .baseUrl("http://127.0.0.1:9/v1")
          .model("m")
          .build();

  private static RunConfig run(GeneratorConfig generator, DedupConfig dedup, long count) {
    return new RunConfig(null, count, null, null, null, generator, null, dedup, null, null);
  }

  @Test
  void unsetSemanticDedupIsOffForTheOfflineWriterAndOnForAnLlmWhateverTheSize() {
    for (long count : new long[] {100, 100_001, 5_000_000}) {
      assertEquals(false, run(null, null, count).dedup().semantic().enabled(), "offline " + count);
      assertEquals(true, run(LLM, null, count).dedup().semantic().enabled(), "LLM " + count);
    }
  }

  @Test
  void anExplicitSemanticSettingIsKept() {
    DedupConfig on = new DedupConfig(true, null, SemanticConfig.defaults().withEnabled(true), null);
    DedupConfig off =
        new DedupConfig(true, null, SemanticConfig.defaults().withEnabled(false), null);
    assertEquals(true, run(null, on, 100).dedup().semantic().enabled());
    assertEquals(false, run(LLM, off, 100).dedup().semantic().enabled());
  }

  @Test
  void theResolvedYamlShowsTheResolvedValue() {
    String offline = RunConfigLoader.toYaml(run(null, null, 100));
    String llm = RunConfigLoader.toYaml(run(LLM, null, 100));
    assertTrue(offline.matches("(?s).*semantic:\\n\\s+enabled: false\\n.*"), offline);
    assertTrue(llm.matches("(?s).*semantic:\\n\\s+enabled: true\\n.*"), llm);
    assertTrue(llm.contains("model: all-minilm-l6-v2-q"), llm);
    assertTrue(llm.contains("max_tokens: 126"), llm);
  }
}
