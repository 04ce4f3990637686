package io.personaforge.dedup.semantic;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.personaforge.dedup.SemanticConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Embeds through an OpenAI-compatible {@code /v1/embeddings} endpoint (vLLM, llama.cpp, Ollama's
 * OpenAI API, OpenAI itself) with langchain4j's {@link OpenAiEmbeddingModel}: a server that already
 * serves the LLM can embed on its GPU instead of the run's CPU. Each text is cut after {@code
 * max_tokens} word pieces first (counted by MiniLM's tokenizer, so the cut is the same whichever
 * model embeds). The API key is read from the environment variable the config names and never
 * appears in a message. Thread-safe.
 */
public final class OpenAiEmbedder implements Embedder {
  /** A slow shared server may queue a large batch behind the LLM's own requests. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  /** Rides out a brief overload; a persistent failure fails the step (and the run says why). */
  static final int DEFAULT_MAX_RETRIES = 3;

  /** Texts per request: well under every server's batch limit (OpenAI's is 2,048). */
  static final int DEFAULT_BATCH = 256;

  private final OpenAiEmbeddingModel model;
  private final WordPieceCap cap;
  private final String where;
  private final String secret;

  /**
   * @param config a {@code provider: openai} section
   * @param env reads environment variables ({@code System::getenv})
   * @throws IllegalArgumentException when the key's variable is named but not set
   */
  public OpenAiEmbedder(SemanticConfig config, UnaryOperator<String> env) {
    if (!"openai".equals(config.provider())) {
      throw new IllegalArgumentException("provider is " + config.provider() + ", not openai");
    }
    String key = null;
    if (!config.apiKeyEnv().isEmpty()) {
      key = env.apply(config.apiKeyEnv());
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException(
            "dedup.semantic.api_key_env: the environment variable "
                + config.apiKeyEnv()
                + " is not set; export it with the API key of "
                + config.baseUrl()
                + ", or set api_key_env: \"\" for a server that needs no key");
      }
    }
    this.secret = key;
    this.where = config.baseUrl() + " (model " + config.model() + ")";
    this.cap = new WordPieceCap(config.maxTokens());
    this.model =
        OpenAiEmbeddingModel.builder()
            .baseUrl(config.baseUrl())
            // Local servers accept any key; langchain4j insists on one.
            .apiKey(key == null ? "no-key" : key)
            .modelName(config.model())
            .timeout(DEFAULT_TIMEOUT)
            .maxRetries(DEFAULT_MAX_RETRIES)
            .maxSegmentsPerBatch(DEFAULT_BATCH)
            .logRequests(false)
            .logResponses(false)
            .build();
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = cap.segments(texts);
    List<Embedding> embeddings;
    try {
      embeddings = model.embedAll(segments).content();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "the embedding endpoint " + where + " failed: " + scrub(String.valueOf(e.getMessage())));
    }
    if (embeddings.size() != texts.size()) {
      throw new IllegalStateException(
          "the embedding endpoint "
              + where
              + " answered "
              + embeddings.size()
              + " vectors for "
              + texts.size()
              + " texts");
    }
    List<float[]> out = new ArrayList<>(embeddings.size());
    for (Embedding e : embeddings) {
      out.add(e.vector());
    }
    return out;
  }

  /** The message without the key (servers echo a wrong key back in their error text). */
  private String scrub(String message) {
    String m = secret == null ? message : message.replace(secret, "***");
    return m.length() > 300 ? m.substring(0, 300) + "…" : m;
  }
}
