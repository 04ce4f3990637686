package io.personaforge.generator;

import io.personaforge.generator.llm.ChatWriter;
import io.personaforge.generator.offline.OfflineWriter;
import io.personaforge.schemas.config.ConfigException;
import io.personaforge.taxonomy.Taxonomy;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/** The registry of providers: {@code generator.provider} names one of these. */
public final class PersonaWriters {
  /** Makes a writer from the config, the taxonomy and an environment lookup (for API keys). */
  @FunctionalInterface
  interface Factory {
    PersonaWriter create(GeneratorConfig config, Taxonomy taxonomy, Function<String, String> env);
  }

  private static final Map<String, Factory> PROVIDERS =
      Map.of(
          "offline", (config, taxonomy, env) -> new OfflineWriter(taxonomy),
          "openai", (config, taxonomy, env) -> ChatWriter.create(config, taxonomy, env, null),
          "ollama", (config, taxonomy, env) -> ChatWriter.create(config, taxonomy, env, null));

  private PersonaWriters() {}

  /**
   * A writer for the configured provider, reading any API key from the process environment; an
   * unknown provider or an unset key variable is a config error.
   */
  public static PersonaWriter create(GeneratorConfig config, Taxonomy taxonomy) {
    return create(config, taxonomy, System::getenv);
  }

  /** As {@link #create(GeneratorConfig, Taxonomy)}, reading the environment through {@code env}. */
  public static PersonaWriter create(
      GeneratorConfig config, Taxonomy taxonomy, Function<String, String> env) {
    Factory factory = PROVIDERS.get(config.provider());
    if (factory == null) {
      throw ConfigException.of(
          "generator.provider",
          "unknown provider '"
              + config.provider()
              + "'; one of: "
              + String.join(", ", new TreeSet<>(PROVIDERS.keySet())));
    }
    return factory.create(config, taxonomy, env);
  }
}
