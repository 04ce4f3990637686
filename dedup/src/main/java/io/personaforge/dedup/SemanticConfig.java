package io.personaforge.dedup;

import java.io.Serializable;
import java.net.URI;
import java.util.List;

/**
 * The {@code dedup.semantic} section: sentence embeddings (all-MiniLM-L6-v2 in-process, or an
 * OpenAI-compatible {@code /v1/embeddings} endpoint), random-hyperplane buckets as blocking keys,
 * cosine similarity as the verdict.
 *
 * @param enabled {@code true} or {@code false}; unset ({@code null}) is resolved by the caller: a
 *     run resolves it from its writer (off for the offline writer, on for an LLM), everything else
 *     reads it as {@link #DEFAULT_ENABLED} (see {@link #on()})
 * @param threshold cosine similarity at or above which two texts are duplicates, in (0, 1]
 * @param provider {@code local} (the model shipped in the jar) or {@code openai} (an
 *     OpenAI-compatible {@code /v1/embeddings} endpoint)
 * @param model {@code all-minilm-l6-v2-q} (quantized) or {@code all-minilm-l6-v2} for {@code
 *     local}; the served model's name for {@code openai} (required there)
 * @param maxTokens word pieces (MiniLM's WordPiece count) of a text that are embedded, the rest cut
 *     off before embedding: 1 to {@link #MINILM_MAX_WORD_PIECES} for {@code local} (the model's own
 *     reach), 1 to {@link #MAX_REMOTE_MAX_TOKENS} for {@code openai}
 * @param baseUrl endpoint of {@code openai} (e.g. {@code http://localhost:8000/v1}); "" for local
 * @param apiKeyEnv name of the environment variable holding the endpoint's API key; "" sends none
 * @param tables independent hyperplane tables (each one a blocking key per document), 1–64
 * @param bits hyperplanes per table (bucket key bits), 1–30
 */
public record SemanticConfig(
    Boolean enabled,
    Double threshold,
    String provider,
    String model,
    Integer maxTokens,
    String baseUrl,
    String apiKeyEnv,
    Integer tables,
    Integer bits)
    implements Serializable {

  /**
   * Unset {@code enabled} means on where nothing says otherwise (the standalone command): any
   * corpus may hold paraphrases. A run resolves it from its writer instead: the offline writer
   * writes from the attributes and cannot paraphrase, so there it would be cost without benefit.
   */
  public static final boolean DEFAULT_ENABLED = true;

  /**
   * MiniLM cosine 0.92: between the highest cosine of two different people measured on free text
   * (0.883 on personas mixed from SPC sentences, 0.908 reported on another mix) and a plain
   * paraphrase of one persona (0.937); the 0.9 of published persona corpora merged different people
   * (docs/dedup.md).
   */
  public static final double DEFAULT_THRESHOLD = 0.92;

  /** The model shipped in the jar: nothing to download, no endpoint to run. */
  public static final String DEFAULT_PROVIDER = "local";

  /** Providers this config can name. */
  public static final List<String> PROVIDERS = List.of("local", "openai");

  /** The quantized all-MiniLM-L6-v2: the only local model shipped beside the full one. */
  public static final String QUANTIZED_MINILM = "all-minilm-l6-v2-q";

  /** The full-precision all-MiniLM-L6-v2. */
  public static final String FULL_MINILM = "all-minilm-l6-v2";

  /** Models the {@code local} provider runs. */
  public static final List<String> LOCAL_MODELS = List.of(QUANTIZED_MINILM, FULL_MINILM);

  /**
   * The quantized model: about twice the full model's rate for the same verdicts (SPC precision and
   * recall unchanged; cosines within ~0.01 of the full model's, see docs/dedup.md).
   */
  public static final String DEFAULT_MODEL = QUANTIZED_MINILM;

  /**
   * What the local MiniLM reads of any text: its 128-token window less its two markers, ~100 words.
   * The model's tokenizer cuts every text there, whatever the cap.
   */
  public static final int MINILM_MAX_WORD_PIECES = 126;

  /**
   * Everything the local model can read: lower caps bought no speed that stood out of the noise of
   * a shared machine (bench/run embeddings), and their vectors stop standing for the persona (64
   * pieces: cosine 0.86 on average with the uncut vector, 10 of 200 near-copy verdicts flip).
   */
  public static final int DEFAULT_MAX_TOKENS = MINILM_MAX_WORD_PIECES;

  /** A 400-word persona whole: remote models read thousands of tokens. */
  public static final int DEFAULT_REMOTE_MAX_TOKENS = 512;

  /** Longest cap accepted for {@code openai}: the context of common remote embedding models. */
  public static final int MAX_REMOTE_MAX_TOKENS = 8192;

  /** The variable OpenAI's own tools read. */
  public static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";

  /**
   * 12 tables × 10 bits put 98.5% of SPC pairs at cosine ≥ 0.9 in a shared bucket (~1/1000 of docs
   * each).
   */
  public static final int DEFAULT_TABLES = 12;

  /** See {@link #DEFAULT_TABLES}. */
  public static final int DEFAULT_BITS = 10;

  public SemanticConfig {
    threshold = threshold == null ? DEFAULT_THRESHOLD : threshold;
    provider = provider == null ? DEFAULT_PROVIDER : provider.strip();
    tables = tables == null ? DEFAULT_TABLES : tables;
    bits = bits == null ? DEFAULT_BITS : bits;
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "threshold is " + threshold + ", it must be in (0, 1] (cosine similarity)");
    }
    if (!PROVIDERS.contains(provider)) {
      throw new IllegalArgumentException(
          "provider: unknown provider '" + provider + "'; one of: " + String.join(", ", PROVIDERS));
    }
    boolean remote = provider.equals("openai");
    maxTokens =
        maxTokens != null ? maxTokens : remote ? DEFAULT_REMOTE_MAX_TOKENS : DEFAULT_MAX_TOKENS;
    if (remote) {
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException(
            "model: required for provider openai (the embedding model the server serves)");
      }
      model = model.strip();
      baseUrl = checkedUrl(baseUrl);
      apiKeyEnv = apiKeyEnv == null ? DEFAULT_API_KEY_ENV : apiKeyEnv.strip();
      if (!apiKeyEnv.isEmpty() && !apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException(
            "api_key_env: '"
                + apiKeyEnv
                + "' is not an environment variable name (name the variable, not the key)");
      }
    } else {
      model = model == null || model.isBlank() ? DEFAULT_MODEL : model.strip();
      if (!LOCAL_MODELS.contains(model)) {
        throw new IllegalArgumentException(
            "model: unknown local model '"
                + model
                + "'; one of: "
                + String.join(", ", LOCAL_MODELS)
                + " (or set provider: openai to use an endpoint's model)");
      }
      if (baseUrl != null && !baseUrl.isBlank() || apiKeyEnv != null && !apiKeyEnv.isBlank()) {
        throw new IllegalArgumentException(
            "base_url and api_key_env are for provider openai; the local model needs neither");
      }
      baseUrl = "";
      apiKeyEnv = "";
    }
    int most = remote ? MAX_REMOTE_MAX_TOKENS : MINILM_MAX_WORD_PIECES;
    if (maxTokens < 1 || maxTokens > most) {
      throw new IllegalArgumentException(
          "max_tokens is "
              + maxTokens
              + ", it must be 1 to "
              + most
              + " word pieces"
              + (remote ? "" : " (the local MiniLM reads no more)"));
    }
    if (tables < 1 || tables > 64) {
      throw new IllegalArgumentException("tables is " + tables + ", it must be 1 to 64");
    }
    if (bits < 1 || bits > 30) {
      throw new IllegalArgumentException("bits is " + bits + ", it must be 1 to 30");
    }
  }

  private static String checkedUrl(String baseUrl) {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException(
          "base_url: required for provider openai (e.g. http://localhost:8000/v1)");
    }
    String url = baseUrl.strip();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("base_url: '" + url + "' is not a valid URL");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "base_url: '" + url + "' must be an http:// or https:// URL with a host");
    }
    return url;
  }

  public static SemanticConfig defaults() {
    return new SemanticConfig(null, null, null, null, null, null, null, null, null);
  }

  /** This config with {@code enabled} replaced. */
  public SemanticConfig withEnabled(Boolean newEnabled) {
    return new SemanticConfig(
        newEnabled, threshold, provider, model, maxTokens, baseUrl, apiKeyEnv, tables, bits);
  }

  /** Local MiniLM {@code newModel} reading at most {@code newMaxTokens} word pieces. */
  public SemanticConfig withLocalModel(String newModel, int newMaxTokens) {
    return new SemanticConfig(
        enabled, threshold, "local", newModel, newMaxTokens, null, null, tables, bits);
  }

  /** Whether semantic dedup runs: {@code enabled}, or {@link #DEFAULT_ENABLED} when unset. */
  public boolean on() {
    return enabled != null ? enabled : DEFAULT_ENABLED;
  }

  /**
   * What determines a text's embedding besides the text: provider, endpoint, model and cap. Keys
   * the embedding cache, so that a change of any of them never reuses another model's vectors.
   */
  public String embeddingId() {
    return String.join("|", provider, baseUrl, model, Integer.toString(maxTokens));
  }
}
