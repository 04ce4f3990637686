package io.personaforge.generator.llm;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
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

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  @Override
  public String defaultApiKeyEnv() {
    return DEFAULT_API_KEY_ENV;
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
  protected ChatRequestParameters parameters(
      GeneratorConfig config, Integer seed, int maxTokens, ResponseFormat format) {
    return OpenAiChatRequestParameters.builder()
        .seed(seed)
        .temperature(config.temperature())
        .topP(config.topP())
        .maxOutputTokens(maxTokens)
        .responseFormat(format)
        .build();
  }
}
