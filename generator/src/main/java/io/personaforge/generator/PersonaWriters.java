package io.personaforge.generator;

import io.personaforge.generator.llm.OllamaProvider;
import io.personaforge.generator.llm.OpenAiProvider;
import io.personaforge.generator.offline.OfflineProvider;
import io.personaforge.taxonomy.Taxonomy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The registry of providers: {@code generator.provider} names one of these. The one place a new
 * provider is added (besides its own class).
 */
public final class PersonaWriters {
  private static final List<Provider> PROVIDERS =
      List.of(new OfflineProvider(), new OpenAiProvider(), new OllamaProvider());

  private PersonaWriters() {}

  /** Every provider's name, in registry order. */
  public static List<String> names() {
    return PROVIDERS.stream().map(Provider::name).toList();
  }

  /** Every provider, in registry order. */
  public static List<Provider> all() {
    return PROVIDERS;
  }

  /** The provider called {@code name}, if there is one. */
  public static Optional<Provider> find(String name) {
    return PROVIDERS.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The provider called {@code name}.
   *
   * @throws IllegalArgumentException naming the key and every provider when there is none
   */
  public static Provider named(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "provider: unknown provider '"
                        + name
                        + "'; one of: "
                        + String.join(", ", names())));
  }

  /**
   * A writer for the configured provider, reading any API key from the process environment; an
   * unset key variable is a config error.
   */
  public static PersonaWriter create(GeneratorConfig config, Taxonomy taxonomy) {
    return create(config, taxonomy, System::getenv);
  }

  /** As {@link #create(GeneratorConfig, Taxonomy)}, reading the environment through {@code env}. */
  public static PersonaWriter create(
      GeneratorConfig config, Taxonomy taxonomy, Function<String, String> env) {
    return create(config, taxonomy, env, null);
  }

  /**
   * As {@link #create(GeneratorConfig, Taxonomy, Function)}, with {@code timeout} replacing {@code
   * timeout_seconds} when not null.
   */
  public static PersonaWriter create(
      GeneratorConfig config, Taxonomy taxonomy, Function<String, String> env, Duration timeout) {
    // The config checked its provider's name when it was made.
    return named(config.provider()).writer(config, taxonomy, env, timeout);
  }
}
