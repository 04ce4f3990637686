package io.personaforge.generator.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local LLM server for tests and benchmarks, speaking the OpenAI chat-completions protocol
 * ({@code POST /v1/chat/completions}, {@code GET /v1/models}) and Ollama's ({@code POST /api/chat})
 * over real HTTP. Its default answer is a valid persona JSON built from the attributes in the
 * prompt (lines {@code - Label [path]: value}): the age as "N years old", the city, the occupation,
 * a name. A {@link #script} replaces the answer per request, as a function of the request: faults
 * (429 with Retry-After, 500, 503, hangs past the client's timeout, malformed JSON, empty content)
 * or any content (say, a narrative that contradicts the attributes first and a right one on
 * revision). Counts requests and the peak number in flight.
 *
 * <p>Control endpoints for out-of-process use: {@code GET /sim/stats} returns {@code
 * {"requests":N,"peak_in_flight":P,"first_request_ms":T0,"second_request_ms":T1,
 * "last_answer_ms":T2}} (wall-clock ms), {@code POST /sim/reset} zeroes the counters.
 */
public final class LlmSimulator implements AutoCloseable {
  /** The model served unless told otherwise. */
  public static final String DEFAULT_MODEL = "sim-model";

  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK: ~40 ms added to every answer, which would be the simulator's cost, not ours.
    // Read once, when the first HttpServer is made, so it must be set before.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ATTRIBUTE =
      Pattern.compile("^- [^\\[\\n]*\\[([A-Za-z0-9_.]+)\\]: (.*)$", Pattern.MULTILINE);
  private static final Pattern FIELD = Pattern.compile("^- \"([a-z0-9_]+)\":", Pattern.MULTILINE);
  private static final Pattern GIVEN_NAME = Pattern.compile("The person's name is ([^:\\n]+):");

  /** One chat request as the simulator saw it. */
  public record Request(
      long index,
      int attemptForPrompt,
      String model,
      String prompt,
      Map<String, String> attributes,
      List<String> fields,
      boolean jsonSchema,
      Integer seed,
      JsonNode body) {}

  /** What to answer. */
  public sealed interface Reply {
    /** A 200 answer whose message content is {@code content}. */
    record Content(String content) implements Reply {}

    /** An HTTP error with headers (Retry-After, say). */
    record Status(int code, Map<String, String> headers, String body) implements Reply {}

    /** Wait {@code millis} (past the client's timeout), then answer normally. */
    record Hang(long millis) implements Reply {}
  }

  /** Canned faults. */
  public enum Fault {
    /** 429 with {@code Retry-After: 1} and {@code retry-after-ms: 20}. */
    RATE_LIMIT,
    /** 429 with only {@code Retry-After: 1} (whole seconds, as most servers send). */
    RATE_LIMIT_SECONDS,
    SERVER_ERROR,
    OVERLOADED,
    /** Hangs for {@link Builder#hang(Duration)} before answering. */
    TIMEOUT,
    MALFORMED_JSON,
    EMPTY_CONTENT;

    Reply reply(Duration hang) {
      return switch (this) {
        case RATE_LIMIT ->
            new Reply.Status(
                429,
                Map.of("Retry-After", "1", "retry-after-ms", "20"),
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}");
        case RATE_LIMIT_SECONDS ->
            new Reply.Status(
                429, Map.of("Retry-After", "1"), "{\"error\":{\"message\":\"Rate limit\"}}");
        case SERVER_ERROR ->
            new Reply.Status(500, Map.of(), "{\"error\":{\"message\":\"internal error\"}}");
        case OVERLOADED ->
            new Reply.Status(503, Map.of(), "{\"error\":{\"message\":\"overloaded\"}}");
        case TIMEOUT -> new Reply.Hang(hang.toMillis());
        case MALFORMED_JSON -> new Reply.Content("{\"narrative\": \"cut off in the mid");
        case EMPTY_CONTENT -> new Reply.Content("");
      };
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Duration latency;
  private final Duration hang;
  private final Set<String> models;
  private final String requiredKey;
  private volatile Function<Request, Reply> script;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  // Wall clock of the first chat request and of the last answer sent (ms; 0 before any), so a
  // benchmark can time the generation phase apart from its client's start-up and wind-down.
  private final java.util.concurrent.atomic.AtomicLong firstRequestMillis =
      new java.util.concurrent.atomic.AtomicLong();
  // A run's first request is usually its probe, sent before the pipeline starts.
  private final java.util.concurrent.atomic.AtomicLong secondRequestMillis =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong lastAnswerMillis =
      new java.util.concurrent.atomic.AtomicLong();
  private final AtomicInteger peak = new AtomicInteger();
  private final Map<String, AtomicInteger> perPrompt = new ConcurrentHashMap<>();

  private LlmSimulator(Builder b) throws IOException {
    this.latency = b.latency;
    this.hang = b.hang;
    this.models = Set.copyOf(b.models);
    this.requiredKey = b.requiredKey;
    this.script = b.script;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 1024);
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "llm-simulator");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", ex -> handle(ex, false));
    server.createContext("/api/chat", ex -> handle(ex, true));
    server.createContext("/v1/models", this::handleModels);
    server.createContext("/sim/stats", this::handleStats);
    server.createContext(
        "/sim/reset",
        ex -> {
          resetCounters();
          send(ex, 200, Map.of(), "{}");
        });
    server.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The OpenAI-compatible base URL, {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  /** The Ollama base URL, {@code http://127.0.0.1:PORT}. */
  public String ollamaUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Chat requests received (every attempt counts). */
  public long requests() {
    return requests.get();
  }

  /** Most chat requests being answered at once. */
  public int peakInFlight() {
    return peak.get();
  }

  public void resetCounters() {
    requests.set(0);
    firstRequestMillis.set(0);
    secondRequestMillis.set(0);
    lastAnswerMillis.set(0);
    peak.set(inFlight.get());
    perPrompt.clear();
  }

  /** Replaces how requests are answered. */
  public void script(Function<Request, Reply> script) {
    this.script = script;
  }

  /** The first {@code n} requests of every distinct prompt get {@code fault}; then the default. */
  public static Function<Request, Reply> faultFirst(Fault fault, int n, Duration hang) {
    return r -> r.attemptForPrompt() <= n ? fault.reply(hang) : defaultReply(r);
  }

  /** Every request gets {@code fault}. */
  public static Function<Request, Reply> always(Fault fault, Duration hang) {
    return r -> fault.reply(hang);
  }

  /** The default answer: a persona JSON consistent with the prompt's attributes. */
  public static Reply defaultReply(Request r) {
    return new Reply.Content(personaJson(r, null));
  }

  /**
   * A persona JSON for the request; {@code narrativeOverride} replaces the narrative when not null
   * (to script contradictions).
   */
  public static String personaJson(Request r, String narrativeOverride) {
    Map<String, String> a = r.attributes();
    String gender = a.getOrDefault("demographics.gender", "");
    int h = Math.floorMod(r.prompt().hashCode(), 1000);
    String first =
        switch (gender) {
          case "female" -> List.of("Maria", "Aisha", "Grace", "Mei", "Olivia").get(h % 5);
          case "male" -> List.of("James", "Omar", "Wei", "Carlos", "Noah").get(h % 5);
          default -> List.of("Alex", "Sam", "Robin", "Kai", "Jordan").get(h % 5);
        };
    // A name the prompt gives is used as given, as a model following the prompt would.
    Matcher given = GIVEN_NAME.matcher(r.prompt());
    String name =
        given.find()
            ? given.group(1)
            : first + " " + List.of("Garcia", "Okafor", "Chen", "Novak", "Silva").get(h / 5 % 5);
    StringBuilder n = new StringBuilder(name);
    String age = a.get("demographics.age");
    String city = a.get("location.city");
    String occupation = a.get("work.occupation");
    if (age != null) {
      n.append(" is ").append(age).append(" years old");
    } else {
      n.append(" is a person");
    }
    if (city != null) {
      n.append(" and lives in ").append(city);
    }
    n.append('.');
    if (occupation != null) {
      n.append(" By occupation: ").append(occupation).append('.');
    }
    for (Map.Entry<String, String> e : a.entrySet()) {
      String p = e.getKey();
      if (!p.equals("demographics.age")
          && !p.equals("location.city")
          && !p.equals("work.occupation")
          && !p.equals("demographics.gender")) {
        n.append(' ')
            .append(p.substring(p.lastIndexOf('.') + 1).replace('_', ' '))
            .append(": ")
            .append(e.getValue())
            .append('.');
      }
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("narrative", narrativeOverride != null ? narrativeOverride : n.toString());
    for (String f : r.fields()) {
      switch (f) {
        case "name" -> o.put(f, name);
        case "summary" ->
            o.put(
                f,
                name
                    + (age == null ? "" : ", " + age)
                    + (occupation == null ? "" : ", " + occupation)
                    + (city == null ? "" : ", " + city));
        default -> o.put(f, "sim " + f);
      }
    }
    return o.toString();
  }

  private void handle(HttpExchange ex, boolean ollama) throws IOException {
    int now = inFlight.incrementAndGet();
    peak.accumulateAndGet(now, Math::max);
    long arrived = System.currentTimeMillis();
    if (!firstRequestMillis.compareAndSet(0, arrived)) {
      secondRequestMillis.compareAndSet(0, arrived);
    }
    boolean counted = true;
    try {
      requests.incrementAndGet();
      JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
      int code;
      Map<String, String> headers = Map.of();
      String answer;
      String model = body.path("model").asText();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (!ollama
          && requiredKey != null
          && (auth == null || !auth.equals("Bearer " + requiredKey))) {
        String given = auth == null ? "" : auth.replaceFirst("^Bearer ", "");
        // Echo the key back, as OpenAI does (partly): the client must not repeat it.
        code = 401;
        answer =
            "{\"error\":{\"message\":\"Incorrect API key provided: "
                + given
                + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";
      } else if (!models.contains(model)) {
        code = 404;
        answer =
            "{\"error\":{\"message\":\"The model '"
                + model
                + "' does not exist\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}";
      } else {
        Request r = parse(body, ollama);
        sleep(latency.toMillis());
        Reply reply = script.apply(r);
        if (reply instanceof Reply.Hang hangReply) {
          sleep(hangReply.millis());
          reply = defaultReply(r);
        }
        if (reply instanceof Reply.Status s) {
          code = s.code();
          headers = s.headers();
          answer = s.body();
        } else {
          String content = ((Reply.Content) reply).content();
          code = 200;
          answer = ollama ? ollamaBody(r, content) : openAiBody(r, content);
        }
      }
      // No longer "in flight" once the answer leaves: the client may send its next request
      // before this thread gets to run again.
      inFlight.decrementAndGet();
      counted = false;
      send(ex, code, headers, answer);
      lastAnswerMillis.accumulateAndGet(System.currentTimeMillis(), Math::max);
    } catch (RuntimeException e) {
      send(ex, 500, Map.of(), "{\"error\":{\"message\":\"simulator: " + e + "\"}}");
    } finally {
      if (counted) {
        inFlight.decrementAndGet();
      }
      ex.close();
    }
  }

  private Request parse(JsonNode body, boolean ollama) {
    StringBuilder prompt = new StringBuilder();
    for (JsonNode m : body.path("messages")) {
      if ("user".equals(m.path("role").asText())) {
        JsonNode c = m.path("content");
        if (c.isArray()) {
          for (JsonNode part : c) {
            prompt.append(part.path("text").asText());
          }
        } else {
          prompt.append(c.asText());
        }
      }
    }
    String text = prompt.toString();
    Map<String, String> attrs = new LinkedHashMap<>();
    Matcher m = ATTRIBUTE.matcher(text);
    while (m.find()) {
      attrs.put(m.group(1), m.group(2).strip());
    }
    List<String> fields = new ArrayList<>();
    JsonNode props =
        ollama
            ? body.path("format").path("properties")
            : body.path("response_format").path("json_schema").path("schema").path("properties");
    boolean schema = props.isObject();
    if (schema) {
      props.fieldNames().forEachRemaining(f -> fields.add(f));
    } else {
      Matcher f = FIELD.matcher(text);
      while (f.find()) {
        fields.add(f.group(1));
      }
    }
    fields.remove("narrative");
    JsonNode seedNode = ollama ? body.path("options").path("seed") : body.path("seed");
    int attempt = perPrompt.computeIfAbsent(text, k -> new AtomicInteger()).incrementAndGet();
    return new Request(
        requests.get(),
        attempt,
        body.path("model").asText(),
        text,
        attrs,
        fields,
        schema,
        seedNode.isNumber() ? seedNode.asInt() : null,
        body);
  }

  private static String openAiBody(Request r, String content) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", "chatcmpl-sim-" + r.index());
    o.put("object", "chat.completion");
    o.put("created", System.currentTimeMillis() / 1000);
    o.put("model", r.model());
    ArrayNode choices = o.putArray("choices");
    ObjectNode choice = choices.addObject();
    choice.put("index", 0);
    ObjectNode msg = choice.putObject("message");
    msg.put("role", "assistant");
    msg.put("content", content);
    choice.put("finish_reason", "stop");
    ObjectNode usage = o.putObject("usage");
    int pt = Math.max(1, r.prompt().length() / 4);
    int ct = Math.max(1, content.length() / 4);
    usage.put("prompt_tokens", pt);
    usage.put("completion_tokens", ct);
    usage.put("total_tokens", pt + ct);
    return o.toString();
  }

  private static String ollamaBody(Request r, String content) {
    ObjectNode o = JSON.createObjectNode();
    o.put("model", r.model());
    o.put("created_at", "2026-01-01T00:00:00Z");
    ObjectNode msg = o.putObject("message");
    msg.put("role", "assistant");
    msg.put("content", content);
    o.put("done", true);
    o.put("done_reason", "stop");
    o.put("prompt_eval_count", Math.max(1, r.prompt().length() / 4));
    o.put("eval_count", Math.max(1, content.length() / 4));
    return o.toString();
  }

  private void handleModels(HttpExchange ex) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("object", "list");
    ArrayNode data = o.putArray("data");
    for (String m : models) {
      data.addObject().put("id", m).put("object", "model").put("owned_by", "simulator");
    }
    send(ex, 200, Map.of(), o.toString());
    ex.close();
  }

  private void handleStats(HttpExchange ex) throws IOException {
    send(
        ex,
        200,
        Map.of(),
        "{\"requests\":"
            + requests.get()
            + ",\"peak_in_flight\":"
            + peak.get()
            + ",\"first_request_ms\":"
            + firstRequestMillis.get()
            + ",\"second_request_ms\":"
            + secondRequestMillis.get()
            + ",\"last_answer_ms\":"
            + lastAnswerMillis.get()
            + "}");
    ex.close();
  }

  private static void send(HttpExchange ex, int code, Map<String, String> headers, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    } catch (IOException e) {
      // The client gave up (a timeout test): nothing to answer.
    }
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Options of a simulator. */
  public static final class Builder {
    private int port;
    private Duration latency = Duration.ZERO;
    private Duration hang = Duration.ofSeconds(2);
    private Set<String> models = Set.of(DEFAULT_MODEL);
    private String requiredKey;
    private Function<Request, Reply> script = LlmSimulator::defaultReply;

    /** 0 (default) picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Time every chat answer takes. */
    public Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    /** How long a {@link Fault#TIMEOUT} hangs. */
    public Builder hang(Duration hang) {
      this.hang = hang;
      return this;
    }

    public Builder models(Set<String> models) {
      this.models = models;
      return this;
    }

    /** Demands {@code Authorization: Bearer key} on chat requests; others get 401. */
    public Builder requiredKey(String key) {
      this.requiredKey = key;
      return this;
    }

    public Builder script(Function<Request, Reply> script) {
      this.script = script;
      return this;
    }

    public LlmSimulator start() {
      try {
        return new LlmSimulator(this);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot start the LLM simulator", e);
      }
    }
  }

  /**
   * Runs a simulator until killed: {@code [--port N] [--latency-ms N] [--model NAME]}. Prints
   * {@code listening on BASE_URL} once ready.
   */
  public static void main(String[] args) throws InterruptedException {
    Builder b = builder();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> b.port(Integer.parseInt(args[++i]));
        case "--latency-ms" -> b.latency(Duration.ofMillis(Long.parseLong(args[++i])));
        case "--model" -> b.models(Set.of(args[++i]));
        default -> {
          System.err.println("usage: LlmSimulator [--port N] [--latency-ms N] [--model NAME]");
          System.exit(2);
        }
      }
    }
    LlmSimulator sim = b.start();
    System.out.println("listening on " + sim.baseUrl());
    System.out.flush();
    Thread.currentThread().join();
  }
}
