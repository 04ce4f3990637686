package io.personaforge.generator;

import io.personaforge.taxonomy.Taxonomy;
import java.time.Duration;
import java.util.function.Function;

/**
 * One value of {@code generator.provider}: its defaults, its checks and its writer factory, in one
 * class. {@link PersonaWriters} holds the one list of them; adding a provider means writing one
 * implementation and adding it there (docs/llm-providers.md, "Adding a provider"). Implementations
 * are stateless and thread-safe.
 */
public interface Provider {
  /** The name {@code generator.provider} gives. */
  String name();

  /** What this provider's writers can do. */
  WriterCapabilities capabilities();

  /** The endpoint when {@code base_url} is not given; {@code ""} for a provider that calls none. */
  String defaultBaseUrl();

  /**
   * The environment variable holding the API key when {@code api_key_env} is not given; {@code ""}
   * for a provider that sends none.
   */
  String defaultApiKeyEnv();

  /** Whether {@code model} must be given (a server serves several models). */
  boolean needsModel();

  /**
   * A writer for {@code config} (whose provider is this one). Any API key is read through {@code
   * env}; an unset key variable is a {@link io.personaforge.schemas.config.ConfigException} naming
   * it.
   *
   * @param timeout replaces {@code timeout_seconds} when not null (a probe must answer quickly)
   */
  PersonaWriter writer(
      GeneratorConfig config, Taxonomy taxonomy, Function<String, String> env, Duration timeout);
}
