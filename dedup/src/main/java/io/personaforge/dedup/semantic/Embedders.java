package io.personaforge.dedup.semantic;

import io.personaforge.dedup.SemanticConfig;
import java.util.List;

/** The embedder a {@code dedup.semantic} section names. */
public final class Embedders {
  private Embedders() {}

  /** A new embedder for {@code config}'s provider, model and cap. */
  public static Embedder create(SemanticConfig config) {
    return switch (config.provider()) {
      case "local" -> new MiniLmEmbedder(config.model(), config.maxTokens());
      case "openai" -> new OpenAiEmbedder(config, System::getenv);
      default ->
          throw new IllegalArgumentException("unknown embedding provider " + config.provider());
    };
  }

  /**
   * Checks before a run what can be checked without loading a model or calling an endpoint: that
   * the API key's environment variable is set for {@code openai}.
   *
   * @throws IllegalArgumentException naming the variable when it is not set
   */
  public static void check(SemanticConfig config) {
    if (config.provider().equals("openai")) {
      new OpenAiEmbedder(config, System::getenv);
    }
  }

  /**
   * One small request to an {@code openai} endpoint before a run pays for anything: an unreachable
   * URL, a wrong key or an unknown model then stops the run in seconds instead of after the
   * narratives are written. Nothing for {@code local}.
   *
   * @throws IllegalStateException naming the endpoint and model (never the key)
   */
  public static void probe(SemanticConfig config) {
    if (config.provider().equals("openai")) {
      new OpenAiEmbedder(config, System::getenv).embedAll(List.of("probe"));
    }
  }
}
