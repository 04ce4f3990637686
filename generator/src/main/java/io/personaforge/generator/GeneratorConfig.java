package io.personaforge.generator;

import java.io.Serializable;

/**
 * The {@code generator} section of run.yaml.
 *
 * @param provider {@code offline} (default: the built-in writer, no LLM)
 */
public record GeneratorConfig(String provider) implements Serializable {
  public static final String DEFAULT_PROVIDER = "offline";

  public GeneratorConfig {
    provider = provider == null ? DEFAULT_PROVIDER : provider;
  }

  public static GeneratorConfig defaults() {
    return new GeneratorConfig(null);
  }
}
