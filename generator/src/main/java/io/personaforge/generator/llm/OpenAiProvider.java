package io.personaforge.generator.llm;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import io.personaforge.generator.GeneratorConfig;
import java.time.Duration;
import java.util.function.Function;

/** {@code provider: openai}: any OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp, LiteLLM). */
public final class OpenAiProvider extends ChatProvider {
  /** OpenAI's own endpoint. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /** The variable OpenAI's own tools read. */
  public static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";

  public OpenAiProvider() {
    super("openai", DEFAULT_BASE_URL, DEFAULT_API_KEY_ENV);
  }

  @Override
  protected String apiKey(GeneratorConfig config, Function<String, String> env) {
    return keyFromEnv(config, env);
  }

  @Override
  protected ChatModel model(GeneratorConfig config, Duration timeout, String apiKey) {
    return OpenAiChatModel.builder()
        .httpClientBuilder(httpClient(apiKey))
        .baseUrl(config.baseUrl())
        // Local servers (vLLM, llama.cpp) accept any key; langchain4j insists on one.
        .apiKey(apiKey == null ? "no-key" : apiKey)
        .modelName(config.model())
        .timeout(timeout)
        .maxRetries(0)
        .strictJsonSchema(true)
        .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
        .logRequests(false)
        .logResponses(false)
        .build();
  }

  @Override
  protected DefaultChatRequestParameters.Builder<?> parametersWith(Integer seed) {
    return OpenAiChatRequestParameters.builder().seed(seed);
  }
}
