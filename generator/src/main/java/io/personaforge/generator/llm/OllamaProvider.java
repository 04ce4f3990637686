package io.personaforge.generator.llm;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaChatRequestParameters;
import io.personaforge.generator.GeneratorConfig;
import java.time.Duration;

/** {@code provider: ollama}: an Ollama server's own API; it takes no key. */
public final class OllamaProvider extends ChatProvider {
  /** Where {@code ollama serve} listens by default. */
  public static final String DEFAULT_BASE_URL = "http://localhost:11434";

  public OllamaProvider() {
    super("ollama", DEFAULT_BASE_URL, "");
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
  protected DefaultChatRequestParameters.Builder<?> parametersWith(Integer seed) {
    return OllamaChatRequestParameters.builder().seed(seed);
  }
}
