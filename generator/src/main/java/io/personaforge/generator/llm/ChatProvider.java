package io.personaforge.generator.llm;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import io.personaforge.generator.GeneratorConfig;
import io.personaforge.generator.PersonaWriter;
import io.personaforge.generator.Provider;
import io.personaforge.generator.WriterCapabilities;
import io.personaforge.schemas.config.ConfigException;
import io.personaforge.taxonomy.Taxonomy;
import java.time.Duration;
import java.util.function.Function;

/**
 * A provider served by a langchain4j chat model: its writers are {@link ChatWriter}s, which own the
 * prompts, the journal keys, the JSON answer and the failure classification; a subclass only says
 * how to build the model and its request parameters (and which key, if any, to send).
 */
public abstract class ChatProvider implements Provider {
  private final String name;
  private final String defaultBaseUrl;
  private final String defaultApiKeyEnv;

  /**
   * @param name the name {@code generator.provider} gives
   * @param defaultBaseUrl the endpoint when {@code base_url} is not given
   * @param defaultApiKeyEnv the key variable when {@code api_key_env} is not given; {@code ""} for
   *     none
   */
  protected ChatProvider(String name, String defaultBaseUrl, String defaultApiKeyEnv) {
    this.name = name;
    this.defaultBaseUrl = defaultBaseUrl;
    this.defaultApiKeyEnv = defaultApiKeyEnv;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  @Override
  public final String defaultApiKeyEnv() {
    return defaultApiKeyEnv;
  }

  @Override
  public WriterCapabilities capabilities() {
    return WriterCapabilities.CHAT_MODEL;
  }

  @Override
  public boolean needsModel() {
    return true;
  }

  @Override
  public final PersonaWriter writer(
      GeneratorConfig config, Taxonomy taxonomy, Function<String, String> env, Duration timeout) {
    return ChatWriter.create(this, config, taxonomy, env, timeout);
  }

  /**
   * The API key to send, read through {@code env}; null to send none (the default: a server that
   * needs no key).
   *
   * @throws ConfigException when the configured key variable is not set
   */
  protected String apiKey(GeneratorConfig config, Function<String, String> env) {
    return null;
  }

  /**
   * The model for {@code config}, with langchain4j's own retries and logging off (the engine
   * retries; logs must not carry keys) and the HTTP client of {@link #httpClient} (failures are
   * classified by their HTTP status).
   *
   * @param apiKey what {@link #apiKey} returned
   */
  protected abstract ChatModel model(GeneratorConfig config, Duration timeout, String apiKey);

  /**
   * One call's parameters: the config's sampling settings with this call's seed (where the provider
   * takes one), token cap and answer format.
   */
  final ChatRequestParameters parameters(
      GeneratorConfig config, Integer seed, int maxTokens, ResponseFormat format) {
    return parametersWith(seed)
        .temperature(config.temperature())
        .topP(config.topP())
        .maxOutputTokens(maxTokens)
        .responseFormat(format)
        .build();
  }

  /**
   * This provider's request parameters, with {@code seed} set when the provider takes a seed (null
   * sends none); the sampling settings are added to them.
   */
  protected abstract DefaultChatRequestParameters.Builder<?> parametersWith(Integer seed);

  /**
   * The HTTP client every chat model is built with: it keeps the answer's status, body and
   * Retry-After for the failure classification, and redacts {@code apiKey} from what it reports.
   */
  protected static HttpClientBuilder httpClient(String apiKey) {
    return new JdkStatusHttpClient.Builder(apiKey);
  }

  /**
   * The key in the variable {@code api_key_env} names, or null when it names none ({@code ""}).
   *
   * @throws ConfigException naming the variable when it is not set
   */
  protected static String keyFromEnv(GeneratorConfig config, Function<String, String> env) {
    if (config.apiKeyEnv().isEmpty()) {
      return null;
    }
    String key = env.apply(config.apiKeyEnv());
    if (key == null || key.isBlank()) {
      throw ConfigException.of(
          "generator.api_key_env",
          "the environment variable "
              + config.apiKeyEnv()
              + " is not set; export it with the API key of "
              + config.baseUrl()
              + ", or set api_key_env: \"\" for a server that needs no key");
    }
    return key;
  }
}
