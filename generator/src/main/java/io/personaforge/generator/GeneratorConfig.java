package io.personaforge.generator;

import io.personaforge.generator.offline.OfflineProvider;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code generator} section of run.yaml. Every key is optional; a missing key takes its {@code
 * DEFAULT_…} value, resolved in the constructor, so an instance always holds the effective
 * configuration. The constructor rejects out-of-range values with a message naming the key (in
 * snake_case, as the user wrote it) and its allowed range. The API key itself is never held here:
 * only the name of the environment variable that holds it.
 *
 * <p>Each provider ({@link Provider}, listed once in {@link PersonaWriters}) owns its defaults and
 * checks: the constructor asks it for the base URL, the key variable and whether a model is needed,
 * and callers ask {@link #capabilities()} what its writers can do.
 *
 * @param provider the name of a provider in {@link PersonaWriters}: {@code offline} (default: the
 *     built-in writer, no LLM), {@code openai} (any OpenAI-compatible endpoint) or {@code ollama}
 * @param baseUrl endpoint; defaults to the provider's ({@link Provider#defaultBaseUrl()})
 * @param model model name, required when the provider {@link Provider#needsModel() needs one}
 * @param apiKeyEnv name of the environment variable holding the API key; defaults to the provider's
 *     ({@link Provider#defaultApiKeyEnv()}: {@code OPENAI_API_KEY} for {@code openai}); {@code ""}
 *     sends no key (local servers)
 * @param temperature sampling temperature, 0 to 2
 * @param topP nucleus sampling, above 0 up to 1
 * @param maxTokens completion token cap per call
 * @param seed sampling seed sent to providers that accept one (combined with each persona's own
 *     seed so personas differ); null sends none
 * @param timeoutSeconds per-call timeout
 * @param concurrency most calls in flight per worker JVM
 * @param requestsPerMinute call budget per worker JVM; 0 means unlimited
 * @param maxRetries retries of a retriable failure before the persona is rejected
 * @param backoffInitialMs first retry delay (doubles per retry, with jitter)
 * @param backoffMaxMs longest retry delay (a server's Retry-After may ask for more and gets it)
 * @param prompt path of a Mustache template replacing the built-in first-draft prompt; null for the
 *     built-in one
 * @param revisePrompt path of a Mustache template replacing the built-in revision prompt
 * @param fields structured fields asked for beside the narrative
 * @param structuredOutput send {@code response_format: json_schema} (turn off for servers that
 *     reject it; output is then parsed leniently)
 */
public record GeneratorConfig(
    String provider,
    String baseUrl,
    String model,
    String apiKeyEnv,
    Double temperature,
    Double topP,
    Integer maxTokens,
    Long seed,
    Double timeoutSeconds,
    Integer concurrency,
    Integer requestsPerMinute,
    Integer maxRetries,
    Long backoffInitialMs,
    Long backoffMaxMs,
    String prompt,
    String revisePrompt,
    List<String> fields,
    Boolean structuredOutput)
    implements Serializable {
  /** No LLM, no cost: a run works out of the box. */
  public static final String DEFAULT_PROVIDER = OfflineProvider.NAME;

  /** Varied wording across personas without drifting off the attributes. */
  public static final double DEFAULT_TEMPERATURE = 0.9;

  /** Leave nucleus sampling to temperature. */
  public static final double DEFAULT_TOP_P = 1.0;

  /** A 150-250 word narrative plus fields in JSON fits with room to spare. */
  public static final int DEFAULT_MAX_TOKENS = 1024;

  /** Slow local models can take a minute on long outputs under load. */
  public static final double DEFAULT_TIMEOUT_SECONDS = 120;

  /** Enough to keep one vLLM GPU busy (its sweet spot is 8-64) without flooding a laptop. */
  public static final int DEFAULT_CONCURRENCY = 16;

  /** Unlimited: most self-hosted servers have no quota. */
  public static final int DEFAULT_REQUESTS_PER_MINUTE = 0;

  /** Rides out a minute of rate limiting with the default back-off. */
  public static final int DEFAULT_MAX_RETRIES = 5;

  /** Long enough for a busy server to drain a little, short enough not to idle. */
  public static final long DEFAULT_BACKOFF_INITIAL_MS = 500;

  /** Caps the doubling so a long outage is probed twice a minute. */
  public static final long DEFAULT_BACKOFF_MAX_MS = 30_000;

  /** What the validator and the corpus use beside the narrative. */
  public static final List<String> DEFAULT_FIELDS = List.of("name", "summary");

  /** Every server we target accepts json_schema; a parse failure is then rare. */
  public static final boolean DEFAULT_STRUCTURED_OUTPUT = true;

  private static final Pattern FIELD_NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  public GeneratorConfig {
    provider = provider == null ? DEFAULT_PROVIDER : provider.strip();
    Provider type = PersonaWriters.named(provider);
    if (baseUrl == null || baseUrl.isBlank()) {
      baseUrl = type.defaultBaseUrl();
    } else {
      baseUrl = baseUrl.strip();
      while (baseUrl.endsWith("/")) {
        baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
      }
      URI uri;
      try {
        uri = URI.create(baseUrl);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("base_url: '" + baseUrl + "' is not a valid URL");
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "base_url: '" + baseUrl + "' must be an http:// or https:// URL with a host");
      }
    }
    if (type.needsModel() && (model == null || model.isBlank())) {
      throw new IllegalArgumentException(
          "model: required for provider " + provider + " (the model name the server serves)");
    }
    model = model == null ? "" : model.strip();
    if (apiKeyEnv == null) {
      apiKeyEnv = type.defaultApiKeyEnv();
    } else if (!apiKeyEnv.isEmpty() && !apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "api_key_env: '"
              + apiKeyEnv
              + "' is not an environment variable name (letters, digits, _); give the"
              + " variable's name, never the key itself");
    }
    temperature = range("temperature", temperature, DEFAULT_TEMPERATURE, 0, 2, false);
    topP = range("top_p", topP, DEFAULT_TOP_P, 0, 1, true);
    maxTokens = (int) range("max_tokens", maxTokens, DEFAULT_MAX_TOKENS, 16, 1_000_000);
    timeoutSeconds =
        range("timeout_seconds", timeoutSeconds, DEFAULT_TIMEOUT_SECONDS, 0, 3600, true);
    concurrency = (int) range("concurrency", concurrency, DEFAULT_CONCURRENCY, 1, 4096);
    requestsPerMinute =
        (int)
            range(
                "requests_per_minute",
                requestsPerMinute,
                DEFAULT_REQUESTS_PER_MINUTE,
                0,
                10_000_000);
    maxRetries = (int) range("max_retries", maxRetries, DEFAULT_MAX_RETRIES, 0, 100);
    backoffInitialMs =
        range("backoff_initial_ms", backoffInitialMs, DEFAULT_BACKOFF_INITIAL_MS, 1, 600_000);
    backoffMaxMs = range("backoff_max_ms", backoffMaxMs, DEFAULT_BACKOFF_MAX_MS, 1, 3_600_000);
    if (backoffMaxMs < backoffInitialMs) {
      throw new IllegalArgumentException(
          "backoff_max_ms: "
              + backoffMaxMs
              + " is below backoff_initial_ms ("
              + backoffInitialMs
              + "); it must be at least that");
    }
    prompt = prompt == null || prompt.isBlank() ? null : prompt.strip();
    revisePrompt = revisePrompt == null || revisePrompt.isBlank() ? null : revisePrompt.strip();
    fields = fields == null ? DEFAULT_FIELDS : List.copyOf(fields);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i);
      if (!FIELD_NAME.matcher(f).matches() || f.equals("narrative")) {
        throw new IllegalArgumentException(
            "fields["
                + i
                + "]: '"
                + f
                + "' is not allowed; a field is snake_case (a-z, 0-9, _; up to 40 characters)"
                + " and not 'narrative'");
      }
      if (!seen.add(f)) {
        throw new IllegalArgumentException("fields[" + i + "]: '" + f + "' is listed twice");
      }
    }
    structuredOutput = structuredOutput == null ? DEFAULT_STRUCTURED_OUTPUT : structuredOutput;
  }

  /** The built-in offline writer with every default. */
  public static GeneratorConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A copy of this config with its fields copied into a builder, to change a few keys. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.provider = provider;
    b.baseUrl = baseUrl;
    b.model = model;
    b.apiKeyEnv = apiKeyEnv;
    b.temperature = temperature;
    b.topP = topP;
    b.maxTokens = maxTokens;
    b.seed = seed;
    b.timeoutSeconds = timeoutSeconds;
    b.concurrency = concurrency;
    b.requestsPerMinute = requestsPerMinute;
    b.maxRetries = maxRetries;
    b.backoffInitialMs = backoffInitialMs;
    b.backoffMaxMs = backoffMaxMs;
    b.prompt = prompt;
    b.revisePrompt = revisePrompt;
    b.fields = fields;
    b.structuredOutput = structuredOutput;
    return b;
  }

  /**
   * This config with relative prompt paths resolved against {@code dir} (the folder of run.yaml),
   * so a run does not depend on the working directory.
   */
  public GeneratorConfig resolvedAgainst(Path dir) {
    Builder b = toBuilder();
    b.prompt = prompt == null ? null : dir.resolve(prompt).toString();
    b.revisePrompt = revisePrompt == null ? null : dir.resolve(revisePrompt).toString();
    return b.build();
  }

  /** What the configured provider's writers can do. */
  public WriterCapabilities capabilities() {
    return PersonaWriters.named(provider).capabilities();
  }

  /**
   * True for providers that call a model over the network ({@link WriterCapabilities#remote()}).
   * Kept as a bean property on purpose: it is written to the resolved run.yaml as {@code remote},
   * whose hash identifies a run for resume, so dropping it would make every earlier run folder
   * refuse to resume.
   */
  public boolean isRemote() {
    return capabilities().remote();
  }

  private static double range(
      String key, Double value, double dflt, double min, double max, boolean exclusiveMin) {
    double v = value == null ? dflt : value;
    boolean low = exclusiveMin ? v <= min : v < min;
    if (low || v > max || Double.isNaN(v)) {
      throw new IllegalArgumentException(
          key
              + ": "
              + v
              + " is out of range; allowed: "
              + (exclusiveMin ? "above " : "")
              + fmt(min)
              + " to "
              + fmt(max));
    }
    return v;
  }

  private static long range(String key, Number value, long dflt, long min, long max) {
    long v = value == null ? dflt : value.longValue();
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          key + ": " + v + " is out of range; allowed: " + min + " to " + max);
    }
    return v;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** Builds a config key by key; unset keys take their defaults. */
  public static final class Builder {
    private String provider;
    private String baseUrl;
    private String model;
    private String apiKeyEnv;
    private Double temperature;
    private Double topP;
    private Integer maxTokens;
    private Long seed;
    private Double timeoutSeconds;
    private Integer concurrency;
    private Integer requestsPerMinute;
    private Integer maxRetries;
    private Long backoffInitialMs;
    private Long backoffMaxMs;
    private String prompt;
    private String revisePrompt;
    private List<String> fields;
    private Boolean structuredOutput;

    private Builder() {}

    public Builder provider(String v) {
      provider = v;
      return this;
    }

    public Builder baseUrl(String v) {
      baseUrl = v;
      return this;
    }

    public Builder model(String v) {
      model = v;
      return this;
    }

    public Builder apiKeyEnv(String v) {
      apiKeyEnv = v;
      return this;
    }

    public Builder temperature(Double v) {
      temperature = v;
      return this;
    }

    public Builder topP(Double v) {
      topP = v;
      return this;
    }

    public Builder maxTokens(Integer v) {
      maxTokens = v;
      return this;
    }

    public Builder seed(Long v) {
      seed = v;
      return this;
    }

    public Builder timeoutSeconds(Double v) {
      timeoutSeconds = v;
      return this;
    }

    public Builder concurrency(Integer v) {
      concurrency = v;
      return this;
    }

    public Builder requestsPerMinute(Integer v) {
      requestsPerMinute = v;
      return this;
    }

    public Builder maxRetries(Integer v) {
      maxRetries = v;
      return this;
    }

    public Builder backoffInitialMs(Long v) {
      backoffInitialMs = v;
      return this;
    }

    public Builder backoffMaxMs(Long v) {
      backoffMaxMs = v;
      return this;
    }

    public Builder prompt(String v) {
      prompt = v;
      return this;
    }

    public Builder revisePrompt(String v) {
      revisePrompt = v;
      return this;
    }

    public Builder fields(List<String> v) {
      fields = v;
      return this;
    }

    public Builder structuredOutput(Boolean v) {
      structuredOutput = v;
      return this;
    }

    public GeneratorConfig build() {
      return new GeneratorConfig(
          provider,
          baseUrl,
          model,
          apiKeyEnv,
          temperature,
          topP,
          maxTokens,
          seed,
          timeoutSeconds,
          concurrency,
          requestsPerMinute,
          maxRetries,
          backoffInitialMs,
          backoffMaxMs,
          prompt,
          revisePrompt,
          fields,
          structuredOutput);
    }
  }
}
