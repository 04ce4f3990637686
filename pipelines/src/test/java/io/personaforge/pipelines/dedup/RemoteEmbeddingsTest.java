package io.personaforge.pipelines.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.dedup.SemanticConfig;
import io.personaforge.dedup.semantic.Embedders;
import io.personaforge.dedup.semantic.OpenAiEmbedder;
import io.personaforge.generator.sim.LlmSimulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dedup.semantic.provider: openai} over real HTTP against the LLM simulator. */
class RemoteEmbeddingsTest {
  private static SemanticConfig remote(String baseUrl, String keyEnv) {
    return new SemanticConfig(
        true, null, "openai", LlmSimulator.EMBEDDING_MODEL, null, baseUrl, keyEnv, null, null);
  }

  private static List<String> texts(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("Persona " + i + " mends fishing nets in harbour town number " + i);
    }
    return out;
  }

  @Test
  void embedsThroughTheEndpointInOneRequestAndNeverTwice(@TempDir Path cache) {
    try (LlmSimulator sim = LlmSimulator.builder().start()) {
      SemanticConfig config = remote(sim.baseUrl(), "");
      List<String> texts = texts(40);
      List<float[]> v = SharedEmbeddings.open(config, cache).embed(texts);
      assertEquals(1, sim.embeddingRequests(), "40 texts in one request");
      for (int i = 0; i < texts.size(); i++) {
        float[] expected = LlmSimulator.embedding(texts.get(i));
        for (int d = 0; d < expected.length; d++) {
          assertEquals(expected[d], v.get(i)[d], 1e-6, "text " + i + " dim " + d);
        }
      }
      // A resumed run (another JVM: a private instance over the same folder) asks nothing.
      SharedEmbeddings resumed =
          SharedEmbeddings.openUnshared(config, cache, Embedders.create(config));
      resumed.embed(texts);
      assertEquals(1, sim.embeddingRequests());
      assertEquals(40, resumed.reused());
    }
  }

  @Test
  void aWrongKeyFailsWithoutShowingTheKey() {
    try (LlmSimulator sim = LlmSimulator.builder().requiredKey("right-key").start()) {
      SemanticConfig config = remote(sim.baseUrl(), "SIM_KEY");
      OpenAiEmbedder e = new OpenAiEmbedder(config, Map.of("SIM_KEY", "sk-wrong-secret")::get);
      IllegalStateException x =
          assertThrows(IllegalStateException.class, () -> e.embedAll(texts(2)));
      assertTrue(
          x.getMessage().startsWith("the embedding endpoint " + sim.baseUrl()), x.getMessage());
      assertFalse(x.getMessage().contains("sk-wrong-secret"), x.getMessage());
      // The right key works.
      OpenAiEmbedder ok = new OpenAiEmbedder(config, Map.of("SIM_KEY", "right-key")::get);
      assertEquals(2, ok.embedAll(texts(2)).size());
    }
  }

  @Test
  void anUnsetKeyVariableIsNamed() {
    SemanticConfig config = remote("http://127.0.0.1:9/v1", "NO_SUCH_VAR");
    IllegalArgumentException x =
        assertThrows(IllegalArgumentException.class, () -> new OpenAiEmbedder(config, k -> null));
    assertTrue(x.getMessage().contains("NO_SUCH_VAR is not set"), x.getMessage());
  }

  @Test
  void anUnknownModelIsReported() {
    try (LlmSimulator sim = LlmSimulator.builder().models(Set.of("chat-only")).start()) {
      SemanticConfig config =
          new SemanticConfig(true, null, "openai", "nope", null, sim.baseUrl(), "", null, null);
      IllegalStateException x =
          assertThrows(
              IllegalStateException.class, () -> Embedders.create(config).embedAll(texts(1)));
      assertTrue(x.getMessage().contains("model nope"), x.getMessage());
      assertTrue(x.getMessage().contains("does not exist"), x.getMessage());
      // The probe a run sends before it starts says the same.
      IllegalStateException p =
          assertThrows(IllegalStateException.class, () -> Embedders.probe(config));
      assertEquals(x.getMessage(), p.getMessage());
      Embedders.probe(remote(sim.baseUrl(), "")); // the served model answers
      Embedders.probe(SemanticConfig.defaults()); // local: nothing to ask
      assertEquals(3, sim.embeddingRequests());
    }
  }
}
