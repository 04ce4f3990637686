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
  /** The probe must answer within seconds, whatever timeout_seconds says. */
  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(20);

  /** Probes of a busy endpoint (429, 503, 5xx) before the run gives up: busy is not broken. */
  static final int DEFAULT_PROBE_ATTEMPTS = 3;

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

  /**
   * Checks the configured writer's endpoint with one short call before the run starts: an
   * unreachable URL, a refused key, an unknown model or a rejected request format throws within
   * seconds, with a message naming the URL and model. Does nothing for a provider whose writers do
   * not {@link WriterCapabilities#probes() probe}. Needs no cache folder, so a run that fails here
   * has written nothing. API keys are read from the process environment.
   */
  public static void probe(GeneratorConfig config, Taxonomy taxonomy) throws GenerationException {
    probe(config, taxonomy, System::getenv);
  }

  /** As {@link #probe(GeneratorConfig, Taxonomy)}, with an environment lookup. */
  public static void probe(GeneratorConfig config, Taxonomy taxonomy, Function<String, String> env)
      throws GenerationException {
    if (!config.capabilities().probes()) {
      return;
    }
    Duration timeout =
        Duration.ofMillis(
            Math.min(DEFAULT_PROBE_TIMEOUT.toMillis(), Math.round(config.timeoutSeconds() * 1000)));
    GenerationException last = null;
    try (PersonaWriter writer = create(config, taxonomy, env, timeout)) {
      for (int attempt = 0; attempt < DEFAULT_PROBE_ATTEMPTS; attempt++) {
        try {
          writer.probe();
          return;
        } catch (GenerationException e) {
          last = e;
          boolean busy =
              e.kind() == FailureKind.RATE_LIMITED
                  || e.kind() == FailureKind.OVERLOADED
                  || e.kind() == FailureKind.SERVER_ERROR;
          if (!busy) {
            break;
          }
          try {
            Thread.sleep(Math.min(2000, config.backoffInitialMs() << attempt));
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
    }
    throw new GenerationException(
        "the LLM endpoint check failed, nothing was generated: " + last.getMessage(),
        last.kind(),
        null,
        null,
        null);
  }
}
