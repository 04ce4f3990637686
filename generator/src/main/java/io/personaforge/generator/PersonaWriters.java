package io.personaforge.generator;

import io.personaforge.generator.offline.OfflineWriter;
import io.personaforge.schemas.config.ConfigException;
import io.personaforge.taxonomy.Taxonomy;
import java.util.Map;
import java.util.function.BiFunction;

/** The registry of providers: {@code generator.provider} names one of these. */
public final class PersonaWriters {
  private static final Map<String, BiFunction<GeneratorConfig, Taxonomy, PersonaWriter>> PROVIDERS =
      Map.of("offline", (config, taxonomy) -> new OfflineWriter(taxonomy));

  private PersonaWriters() {}

  /** A writer for the configured provider; an unknown provider is a config error. */
  public static PersonaWriter create(GeneratorConfig config, Taxonomy taxonomy) {
    var factory = PROVIDERS.get(config.provider());
    if (factory == null) {
      throw ConfigException.of(
          "generator.provider",
          "unknown provider '"
              + config.provider()
              + "'; one of: "
              + String.join(", ", new java.util.TreeSet<>(PROVIDERS.keySet())));
    }
    return factory.apply(config, taxonomy);
  }
}
