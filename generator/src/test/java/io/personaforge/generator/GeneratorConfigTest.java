package io.personaforge.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.schemas.config.ConfigException;
import io.personaforge.schemas.config.YamlDocument;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneratorConfigTest {
  private static GeneratorConfig bind(String yaml) {
    YamlDocument doc = YamlDocument.parse("run.yaml", yaml);
    return doc.bind(doc.root().get("generator"), "generator", GeneratorConfig.class);
  }

  @Test
  void defaultsAreOfflineWithEveryDefault() {
    GeneratorConfig c = GeneratorConfig.defaults();
    assertEquals("offline", c.provider());
    assertFalse(c.isRemote());
    assertEquals(GeneratorConfig.DEFAULT_CONCURRENCY, c.concurrency());
    assertEquals(GeneratorConfig.DEFAULT_FIELDS, c.fields());
    assertEquals(GeneratorConfig.DEFAULT_MAX_RETRIES, c.maxRetries());
  }

  @Test
  void bindsSnakeCaseKeysAndFillsProviderDefaults() {
    GeneratorConfig c =
        bind(
            """
            generator:
              provider: openai
              model: llama-3.1-8b
              base_url: http://localhost:8000/v1/
              temperature: 0.7
              top_p: 0.95
              max_tokens: 600
              seed: 7
              timeout_seconds: 30
              concurrency: 32
              requests_per_minute: 600
              max_retries: 2
              prompt: prompts/mine.mustache
              fields: [name, summary, hobby]
              structured_output: false
            """);
    assertEquals("http://localhost:8000/v1", c.baseUrl());
    assertEquals("OPENAI_API_KEY", c.apiKeyEnv());
    assertEquals(32, c.concurrency());
    assertEquals(600, c.requestsPerMinute());
    assertEquals(7L, c.seed());
    assertEquals(List.of("name", "summary", "hobby"), c.fields());
    assertFalse(c.structuredOutput());
    assertTrue(c.resolvedAgainst(Path.of("/cfg")).prompt().startsWith("/cfg/"));
    assertEquals(
        "http://localhost:11434", bind("generator: {provider: ollama, model: m}").baseUrl());
  }

  @Test
  void outOfRangeValueNamesKeyAndRange() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> bind("generator:\n  provider: openai\n  model: m\n  temperature: 3\n"));
    assertTrue(e.getMessage().startsWith("run.yaml:"), e.getMessage());
    assertTrue(
        e.getMessage().contains("temperature: 3.0 is out of range; allowed: 0 to 2"),
        e.getMessage());
    ConfigException c =
        assertThrows(
            ConfigException.class,
            () -> bind("generator: {provider: openai, model: m, concurrency: 0}"));
    assertTrue(
        c.getMessage().contains("concurrency: 0 is out of range; allowed: 1 to 4096"),
        c.getMessage());
  }

  @Test
  void remoteProviderNeedsAModel() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> bind("generator: {provider: openai}"));
    assertTrue(e.getMessage().contains("model: required for provider openai"), e.getMessage());
  }

  @Test
  void unknownKeyAndUnknownProviderAreNamed() {
    ConfigException k =
        assertThrows(ConfigException.class, () -> bind("generator: {provider: offline, modle: m}"));
    assertTrue(k.getMessage().contains("unknown key 'modle'"), k.getMessage());
    ConfigException p =
        assertThrows(ConfigException.class, () -> bind("generator: {provider: gpt}"));
    assertTrue(
        p.getMessage().contains("unknown provider 'gpt'; one of: offline, openai, ollama"),
        p.getMessage());
  }

  @Test
  void badFieldAndBackoffAreRejected() {
    IllegalArgumentException f =
        assertThrows(
            IllegalArgumentException.class,
            () -> GeneratorConfig.builder().fields(List.of("name", "Narrative")).build());
    assertTrue(f.getMessage().startsWith("fields[1]: 'Narrative' is not allowed"), f.getMessage());
    IllegalArgumentException b =
        assertThrows(
            IllegalArgumentException.class,
            () -> GeneratorConfig.builder().backoffInitialMs(100L).backoffMaxMs(10L).build());
    assertTrue(b.getMessage().contains("backoff_max_ms: 10 is below backoff_initial_ms (100)"));
  }

  @Test
  void missingKeyVariableIsAConfigErrorNamingTheVariableOnly() {
    GeneratorConfig c =
        GeneratorConfig.builder()
            .provider("openai")
            .model("m")
            .apiKeyEnv("PF_TEST_NO_SUCH_KEY")
            .build();
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> PersonaWriters.create(c, Fixtures.TAXONOMY, n -> null));
    assertEquals("generator.api_key_env", e.keyPath());
    assertTrue(
        e.getMessage().contains("environment variable PF_TEST_NO_SUCH_KEY is not set"),
        e.getMessage());
  }

  @Test
  void apiKeyEnvMustBeAVariableNameNotAKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                GeneratorConfig.builder()
                    .provider("openai")
                    .model("m")
                    .apiKeyEnv("sk-abc.def")
                    .build());
    assertTrue(e.getMessage().startsWith("api_key_env: "), e.getMessage());
  }

  @Test
  void configAndOutcomesSerializeForBeam() throws Exception {
    GeneratorConfig c =
        GeneratorConfig.builder().provider("openai").model("m").fields(List.of("name")).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
      out.writeObject(
          new Outcome.Success(new Draft("n", Map.of("name", "x"), "raw", 1, 2), 1, false));
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(c, in.readObject());
      assertEquals("n", ((Outcome.Success) in.readObject()).draft().narrative());
    }
  }
}
