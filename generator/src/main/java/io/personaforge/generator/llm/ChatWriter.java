package io.personaforge.generator.llm;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.personaforge.generator.Draft;
import io.personaforge.generator.FailureKind;
import io.personaforge.generator.GenerationException;
import io.personaforge.generator.GeneratorConfig;
import io.personaforge.generator.ModelCalls;
import io.personaforge.generator.PersonaWriter;
import io.personaforge.generator.WriteRequest;
import io.personaforge.generator.WriterCapabilities;
import io.personaforge.generator.WriterInfo;
import io.personaforge.generator.prompt.PromptTemplate;
import io.personaforge.schemas.Mix64;
import io.personaforge.schemas.Sha256;
import io.personaforge.schemas.config.ConfigException;
import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.AttributeType;
import io.personaforge.taxonomy.Taxonomy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * A {@link PersonaWriter} over a langchain4j chat model (any {@link ChatProvider}:
 * OpenAI-compatible, Ollama). Writing is split in the three {@link ModelCalls} steps so the engine
 * can journal and retry between them: {@link #prepare} renders the prompt and computes the journal
 * key (pure, cheap), {@link #call} makes the one HTTP call and classifies any failure into a {@link
 * FailureKind}, {@link #parse} reads the draft from the answer. The API key lives only inside the
 * langchain4j model; it never reaches a message, a log or the journal. Thread-safe; langchain4j's
 * own retries are off (the engine owns retries).
 */
public final class ChatWriter implements PersonaWriter, ModelCalls {
  /** Descriptions of well-known fields in the prompt and the JSON schema. */
  private static final Map<String, String> FIELD_DESCRIPTIONS =
      Map.of(
          "name", "the person's full name",
          "summary", "a one-line summary of who the person is (under 20 words)",
          "title", "a short title for the persona",
          "tagline", "a short tagline in the person's own voice");

  private final ChatProvider provider;
  private final GeneratorConfig config;
  private final Taxonomy taxonomy;
  private final ChatModel model;
  private final PromptTemplate personaPrompt;
  private final PromptTemplate revisePrompt;
  private final WriterInfo info;
  private final String secret;
  private final ResponseFormat responseFormat;
  private final String schemaText;

  private ChatWriter(
      ChatProvider provider,
      GeneratorConfig config,
      Taxonomy taxonomy,
      ChatModel model,
      PromptTemplate personaPrompt,
      PromptTemplate revisePrompt,
      String secret) {
    this.provider = provider;
    this.config = config;
    this.taxonomy = taxonomy;
    this.model = model;
    this.personaPrompt = personaPrompt;
    this.revisePrompt = revisePrompt;
    this.secret = secret;
    this.info =
        new WriterInfo(
            config.provider(),
            config.model(),
            personaPrompt.version() + "+" + revisePrompt.version());
    JsonObjectSchema.Builder schema =
        JsonObjectSchema.builder().addStringProperty("narrative", "the narrative");
    List<String> required = new ArrayList<>();
    required.add("narrative");
    for (String f : config.fields()) {
      schema.addStringProperty(f, describe(f));
      required.add(f);
    }
    JsonObjectSchema root = schema.required(required).additionalProperties(false).build();
    this.responseFormat =
        config.structuredOutput()
            ? ResponseFormat.builder()
                .type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder().name("persona").rootElement(root).build())
                .build()
            : null;
    this.schemaText = config.structuredOutput() ? "schema:" + required : "no-schema:" + required;
  }

  /**
   * A writer for {@code config} through {@code provider}. Any API key is read through {@code env}
   * ({@link ChatProvider#apiKey}); an unset variable is a {@link ConfigException} naming it. A
   * {@code timeoutOverride} (for probes) replaces {@code timeout_seconds} when not null.
   */
  static ChatWriter create(
      ChatProvider provider,
      GeneratorConfig config,
      Taxonomy taxonomy,
      Function<String, String> env,
      Duration timeoutOverride) {
    PromptTemplate persona =
        PromptTemplate.load(config.prompt(), PromptTemplate.BUILTIN_PERSONA, "generator.prompt");
    PromptTemplate revise =
        PromptTemplate.load(
            config.revisePrompt(), PromptTemplate.BUILTIN_REVISE, "generator.revise_prompt");
    Duration timeout =
        timeoutOverride != null
            ? timeoutOverride
            : Duration.ofMillis(Math.round(config.timeoutSeconds() * 1000));
    String secret = provider.apiKey(config, env);
    ChatModel model = provider.model(config, timeout, secret);
    return new ChatWriter(provider, config, taxonomy, model, persona, revise, secret);
  }

  @Override
  public WriterInfo info() {
    return info;
  }

  @Override
  public WriterCapabilities capabilities() {
    return provider.capabilities();
  }

  @Override
  public Optional<ModelCalls> modelCalls() {
    return Optional.of(this);
  }

  @Override
  public Draft write(WriteRequest request) throws GenerationException {
    return parse(call(prepare(request), 1));
  }

  @Override
  public Prepared prepare(WriteRequest request) {
    Map<String, Object> scope = personaScope(taxonomy, request.attributes());
    List<Map<String, String>> fields = new ArrayList<>();
    for (String f : config.fields()) {
      fields.add(Map.of("name", f, "description", describe(f)));
    }
    scope.put("fields", fields);
    scope.put("persona_id", request.personaId());
    String prompt;
    if (request.isRevision()) {
      scope.put("previous_narrative", request.previous().narrative());
      scope.put("feedback", request.feedback());
      prompt = revisePrompt.render(scope);
    } else {
      prompt = personaPrompt.render(scope);
    }
    // The persona's own seed is in the key: two personas with equal attributes are two calls.
    return prepared(
        List.of("personaforge-journal-v1"), "persona-seed", request.seed(), schemaText, prompt);
  }

  /**
   * {@inheritDoc} The key holds the rubric and the narrative judged (they are in the prompt), so a
   * verdict is replayed only for exactly the same question.
   */
  @Override
  public Prepared prepareJudge(String judge, String prompt, long judgeSeed) {
    return prepared(
        List.of("personaforge-judge-v1", judge),
        "judge-seed",
        judgeSeed,
        config.structuredOutput() ? "schema:verdict" : "no-schema:verdict",
        prompt);
  }

  /**
   * A call's seed (the configured seed mixed with the call's own, so calls differ; none when no
   * seed is configured) and its journal key: {@code head}, this model and its sampling settings,
   * the seeds, the answer's schema and the whole prompt.
   */
  private Prepared prepared(
      List<String> head, String seedLabel, long ownSeed, String schema, String prompt) {
    Integer seed =
        config.seed() == null
            ? null
            : (int) (Mix64.splitMix(config.seed() ^ Mix64.splitMix(ownSeed)) & 0x7fffffffL);
    List<String> parts = new ArrayList<>(head);
    parts.addAll(
        List.of(
            config.provider(),
            config.baseUrl(),
            config.model(),
            "t=" + config.temperature(),
            "p=" + config.topP(),
            "max=" + config.maxTokens(),
            "seed=" + seed,
            seedLabel + "=" + ownSeed,
            schema,
            prompt));
    return new Prepared(Sha256.hex(String.join("\n", parts)), prompt, seed);
  }

  /**
   * What every prompt about a persona can use: {@code attributes} and {@code style} (lists of
   * {@code path}, {@code label}, {@code value}), {@code has_style}, and the full {@code name} when
   * the taxonomy draws one. The draft, revision and judge prompts share it, so a template written
   * for one reads the persona the same way in another.
   */
  public static Map<String, Object> personaScope(Taxonomy taxonomy, AttributeSet attributes) {
    Map<String, Object> scope = new LinkedHashMap<>();
    List<Map<String, String>> attrs = new ArrayList<>();
    List<Map<String, String>> style = new ArrayList<>();
    attributes
        .values()
        .forEach(
            (path, value) -> {
              Attribute a = taxonomy.attribute(path).orElse(null);
              if (a != null && a.type() == AttributeType.NAME) {
                return; // the full name goes in on its own
              }
              String label =
                  a == null
                      ? path.substring(path.lastIndexOf('.') + 1).replace('_', ' ')
                      : a.label();
              Map<String, String> item = Map.of("path", path, "label", label, "value", value);
              (Taxonomy.isStyle(path) ? style : attrs).add(item);
            });
    scope.put("attributes", attrs);
    // Style attributes say how to write, not who the person is; drawn from the persona's own
    // seed like any attribute, so a corpus does not read as one template even from one model.
    scope.put("style", style);
    scope.put("has_style", !style.isEmpty());
    taxonomy.fullName(attributes.values()).ifPresent(n -> scope.put("name", n));
    return scope;
  }

  /**
   * {@inheritDoc} Retries send a seed derived from the first one and the attempt number: a seeded
   * server would otherwise repeat the very answer that failed to parse. A failure comes back
   * classified, with no secret in its message.
   */
  @Override
  public Reply call(Prepared prepared, int attempt) throws GenerationException {
    return call(prepared, attempt, responseFormat);
  }

  /** {@inheritDoc} Retries vary the seed as {@link #call(Prepared, int)} does. */
  @Override
  public Reply call(Prepared prepared, int attempt, ResponseFormat format)
      throws GenerationException {
    Integer seed = prepared.seed();
    if (seed != null && attempt > 1) {
      seed = (int) (Mix64.splitMix(seed + 0x9E3779B97F4A7C15L * attempt) & 0x7fffffffL);
    }
    return call(prepared, seed, config.maxTokens(), config.structuredOutput() ? format : null);
  }

  private Reply call(Prepared prepared, Integer seed, int maxTokens, ResponseFormat format)
      throws GenerationException {
    ChatRequestParameters params = provider.parameters(config, seed, maxTokens, format);
    ChatRequest request =
        ChatRequest.builder()
            .messages(UserMessage.from(prepared.prompt()))
            .parameters(params)
            .build();
    ChatResponse response;
    try {
      response = model.chat(request);
    } catch (RuntimeException e) {
      throw classify(e);
    }
    String text = response.aiMessage() == null ? null : response.aiMessage().text();
    TokenUsage usage = response.tokenUsage();
    long in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
    long out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
    return new Reply(text == null ? "" : text, in, out);
  }

  @Override
  public Draft parse(Reply reply) throws GenerationException {
    return JsonOutput.parse(
        reply.text(), config.fields(), reply.promptTokens(), reply.completionTokens());
  }

  /**
   * Checks the endpoint with one short call (a few tokens, {@code timeout} at most): an unreachable
   * URL, a refused key, an unknown model or a rejected request format fails here with a message
   * naming the URL and model. Only the HTTP exchange is checked, not the answer. The timeout is the
   * one this writer was made with.
   */
  @Override
  public void probe() throws GenerationException {
    WriteRequest req = WriteRequest.first("probe", 0, new AttributeSet(Map.of()));
    Prepared p = prepare(req);
    call(p, p.seed(), 16, responseFormat);
  }

  private GenerationException classify(RuntimeException e) {
    String where = " (" + config.baseUrl() + ", model '" + config.model() + "')";
    StatusException se = find(e, StatusException.class);
    if (se != null) {
      int s = se.statusCode();
      FailureKind kind;
      String what;
      if (s == 429) {
        kind = FailureKind.RATE_LIMITED;
        what = "rate limited (HTTP 429)";
      } else if (s == 503) {
        kind = FailureKind.OVERLOADED;
        what = "server overloaded (HTTP 503)";
      } else if (s >= 500) {
        kind = FailureKind.SERVER_ERROR;
        what = "server error (HTTP " + s + ")";
      } else if (s == 408) {
        kind = FailureKind.TIMEOUT;
        what = "request timeout (HTTP 408)";
      } else if (s == 401 || s == 403) {
        kind = FailureKind.UNAUTHORIZED;
        what =
            "the endpoint refused the API key (HTTP "
                + s
                + ")"
                + (config.apiKeyEnv().isEmpty()
                    ? "; no key was sent (api_key_env is empty)"
                    : "; check the key in the environment variable " + config.apiKeyEnv());
      } else if (s == 404) {
        kind = FailureKind.NOT_FOUND;
        what =
            "not found (HTTP 404): the model is unknown to this server or base_url is wrong: "
                + se.bodyExcerpt();
      } else {
        kind = FailureKind.BAD_REQUEST;
        what =
            "request rejected (HTTP "
                + s
                + "): "
                + se.bodyExcerpt()
                + (config.structuredOutput()
                    ? " (if the server does not support response_format json_schema, set"
                        + " generator.structured_output: false)"
                    : "");
      }
      return new GenerationException(
          "LLM call failed" + where + ": " + what, kind, null, se.retryAfter(), null);
    }
    FailureKind kind;
    String what;
    String hostPort = hostPort(config.baseUrl());
    if (find(e, HttpConnectTimeoutException.class) != null) {
      kind = FailureKind.CONNECTION;
      what =
          "connection to "
              + hostPort
              + " timed out — is the host reachable (firewall, VPN, the right address)?";
    } else if (find(e, HttpTimeoutException.class) != null
        || find(e, SocketTimeoutException.class) != null) {
      kind = FailureKind.TIMEOUT;
      what =
          "no answer within "
              + config.timeoutSeconds()
              + " s — the server is slow or overloaded; raise generator.timeout_seconds or lower"
              + " generator.concurrency";
    } else if (find(e, UnknownHostException.class) != null
        || find(e, UnresolvedAddressException.class) != null) {
      kind = FailureKind.CONNECTION;
      what =
          "unknown host "
              + hostPort
              + " — the name does not resolve (DNS); check generator.base_url";
    } else if (find(e, SSLException.class) != null) {
      kind = FailureKind.CONNECTION;
      what =
          "TLS handshake with "
              + hostPort
              + " failed ("
              + Redaction.redact(rootMessage(e), secret)
              + ") — is it an http:// server addressed as https://, or is its certificate"
              + " untrusted?";
    } else if (find(e, ConnectException.class) != null
        || find(e, ClosedChannelException.class) != null) {
      kind = FailureKind.CONNECTION;
      what = "connection refused at " + hostPort + " — is the server running?";
    } else if (find(e, IOException.class) != null) {
      kind = FailureKind.CONNECTION;
      what = "connection to " + hostPort + " failed (" + rootName(e) + ")";
    } else {
      kind = FailureKind.UNEXPECTED;
      what = "unexpected " + rootName(e) + ": " + Redaction.redact(rootMessage(e), secret);
    }
    // No cause attached: causes may carry request details; the message says what matters.
    return new GenerationException("LLM call failed" + where + ": " + what, kind, null, null, null);
  }

  /** HOST:PORT of a base URL (the scheme's default port when none is given). */
  static String hostPort(String baseUrl) {
    try {
      URI u = URI.create(baseUrl);
      int port =
          u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
      return u.getHost() == null ? baseUrl : u.getHost() + ":" + port;
    } catch (IllegalArgumentException ex) {
      return baseUrl;
    }
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static Throwable root(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String rootName(Throwable e) {
    return root(e).getClass().getSimpleName();
  }

  private static String rootMessage(Throwable e) {
    String m = root(e).getMessage();
    if (m == null) {
      return "";
    }
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }

  private static String describe(String field) {
    return FIELD_DESCRIPTIONS.getOrDefault(
        field, "the person's " + field.replace('_', ' ') + ", in a few words");
  }
}
