package io.personaforge.generator.llm;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaChatRequestParameters;
import io.personaforge.generator.GeneratorConfig;
import java.time.Duration;

/** {@code provider: ollama}: an Ollama server's own API; it takes no key. */
public final class OllamaProvider extends ChatProvider {
  /** Where {@code ollama serve} listens by default. */
  public static final String DEFAULT_BASE_URL = "http://localhost:11434";

  @Override
  public String name() {
    return "ollama";
  }

  @Override
  public String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  @Override
  public String defaultApiKeyEnv() {
    return "";
  }

  @Override
  protected ChatModel model(GeneratorConfig config, Duration timeout, String apiKey) {
    return OllamaChatModel.builder()
        .httpClientBuilder(httpClient(apiKey))
        .baseUrl(config.baseUrl())
        .modelName(config.model())
        .timeout(timeout)
        .maxRetries(0)
        .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
        .logRequests(false)
        .logResponses(false)
        .build();
  }

  @Override
  protected ChatRequestParameters parameters(
      GeneratorConfig config, Integer seed, int maxTokens, ResponseFormat format) {
    return OllamaChatRequestParameters.builder()
        .seed(seed)
        .temperature(config.temperature())
        .topP(config.topP())
        .maxOutputTokens(maxTokens)
        .responseFormat(format)
        .build();
  }
}
