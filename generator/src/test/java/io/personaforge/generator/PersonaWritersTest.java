package io.personaforge.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.llm.OllamaProvider;
import io.personaforge.generator.llm.OpenAiProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one registry of providers: each owns its defaults and declares what its writers can do. */
class PersonaWritersTest {
  private static GeneratorConfig minimal(Provider p) {
    return GeneratorConfig.builder().provider(p.name()).model(p.needsModel() ? "m" : null).build();
  }

  @Test
  void theRegistryNamesEveryProviderOnce() {
    assertEquals(List.of("offline", "openai", "ollama"), PersonaWriters.names());
    assertEquals(GeneratorConfig.DEFAULT_PROVIDER, PersonaWriters.names().get(0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PersonaWriters.named("gpt"));
    assertEquals(
        "provider: unknown provider 'gpt'; one of: offline, openai, ollama", e.getMessage());
  }

  @Test
  void aConfigTakesItsProvidersDefaults() {
    GeneratorConfig openai = minimal(PersonaWriters.named("openai"));
    assertEquals(OpenAiProvider.DEFAULT_BASE_URL, openai.baseUrl());
    assertEquals(OpenAiProvider.DEFAULT_API_KEY_ENV, openai.apiKeyEnv());
    GeneratorConfig ollama = minimal(PersonaWriters.named("ollama"));
    assertEquals(OllamaProvider.DEFAULT_BASE_URL, ollama.baseUrl());
    assertEquals("", ollama.apiKeyEnv(), "Ollama takes no key");
    GeneratorConfig offline = GeneratorConfig.defaults();
    assertEquals("", offline.baseUrl());
    assertEquals("", offline.model());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GeneratorConfig.builder().provider("ollama").build());
    assertTrue(e.getMessage().startsWith("model: required for provider ollama"), e.getMessage());
  }

  @Test
  void eachWriterDeclaresItsProvidersCapabilities() {
    for (Provider p : PersonaWriters.all()) {
      // No key: making a writer must not need one here (a local server's setting).
      GeneratorConfig config = minimal(p).toBuilder().apiKeyEnv("").build();
      assertEquals(p.capabilities(), config.capabilities(), p.name());
      try (PersonaWriter w = PersonaWriters.create(config, Fixtures.TAXONOMY, Fixtures::env)) {
        assertEquals(p.capabilities(), w.capabilities(), p.name());
        assertEquals(p.name(), w.info().provider());
        // Only a writer that calls a model has calls for the engine to journal and retry.
        assertEquals(p.capabilities().remote(), w.modelCalls().isPresent(), p.name());
      }
    }
  }

  @Test
  void theOfflineWriterCanDoNoneOfWhatAnLlmCan() {
    WriterCapabilities offline = GeneratorConfig.defaults().capabilities();
    assertFalse(offline.remote());
    assertFalse(offline.revises(), "it writes from the attributes alone");
    assertFalse(offline.judges());
    assertFalse(offline.probes());
    WriterCapabilities openai = minimal(PersonaWriters.named("openai")).capabilities();
    assertTrue(openai.remote() && openai.revises() && openai.judges() && openai.probes());
  }
}
