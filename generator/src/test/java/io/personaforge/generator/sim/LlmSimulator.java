package io.personaforge.generator.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.personaforge.schemas.Mix64;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local LLM server for tests and benchmarks, speaking the OpenAI chat-completions protocol
 * ({@code POST /v1/chat/completions}, {@code GET /v1/models}, {@code POST /v1/embeddings}) and
 * Ollama's ({@code POST /api/chat}) over real HTTP. Its default answer is a valid persona JSON
 * built from the attributes in the prompt (lines {@code - Label [path]: value}): the age as "N
 * years old", the city, the occupation, a name. A {@link #script} replaces the answer per request,
 * as a function of the request: faults (429 with Retry-After, 500, 503, hangs past the client's
 * timeout, malformed JSON, empty content) or any content (say, a narrative that contradicts the
 * attributes first and a right one on revision). Counts requests and the peak number in flight.
 *
 * <p>Control endpoints for out-of-process use: {@code GET /sim/stats} returns {@code
 * {"requests":N,"peak_in_flight":P,"first_request_ms":T0,"second_request_ms":T1,
 * "last_answer_ms":T2}} (wall-clock ms), {@code POST /sim/reset} zeroes the counters.
 */
public final class LlmSimulator implements AutoCloseable {
  /** The model served unless told otherwise. */
  public static final String DEFAULT_MODEL = "sim-model";

  /** The embedding model {@code /v1/embeddings} serves (besides every chat model). */
  public static final String EMBEDDING_MODEL = "sim-embed";

  /** Dimensions of the simulator's embeddings. */
  public static final int EMBEDDING_DIMS = 64;

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
  private final Duration jitter;
  private final int cap;
  private final double rejectShare;
  private final AtomicLong busyMicros = new AtomicLong();
  private final AtomicLong rejected429 = new AtomicLong();
  private final Duration hang;
  private final Set<String> models;
  private final String requiredKey;
  private volatile Function<Request, Reply> script;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong embeddingRequests = new AtomicLong();
  private final AtomicLong embeddedTexts = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  // Wall clock of the first chat request and of the last answer sent (ms; 0 before any), so a
  // benchmark can time the generation phase apart from its client's start-up and wind-down.
  private final AtomicLong firstRequestMillis = new AtomicLong();
  // A run's first request is usually its probe, sent before the pipeline starts.
  private final AtomicLong secondRequestMillis = new AtomicLong();
  private final AtomicLong lastAnswerMillis = new AtomicLong();
  private final AtomicInteger peak = new AtomicInteger();
  private final Map<String, AtomicInteger> perPrompt = new ConcurrentHashMap<>();

  private LlmSimulator(Builder b) throws IOException {
    this.latency = b.latency;
    this.jitter = b.jitter;
    this.cap = b.cap;
    this.rejectShare = b.rejectShare;
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
    server.createContext("/v1/embeddings", this::handleEmbeddings);
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

  /** Request-seconds spent on answers given (200s): the time the server worked for its clients. */
  public double busySeconds() {
    return busyMicros.get() / 1e6;
  }

  /** Requests answered 429 because of the cap or the random rejection share. */
  public long rejected() {
    return rejected429.get();
  }

  /** Chat requests received (every attempt counts). */
  public long requests() {
    return requests.get();
  }

  /** Embedding requests received. */
  public long embeddingRequests() {
    return embeddingRequests.get();
  }

  /** Texts embedded, over every embedding request. */
  public long embeddedTexts() {
    return embeddedTexts.get();
  }

  /**
   * The simulator's embedding of {@code text}: a sum of one fixed random vector per word (lower
   * case, letters and digits), so equal word bags embed identically and shared words raise the
   * cosine. Deterministic.
   */
  public static float[] embedding(String text) {
    float[] v = new float[EMBEDDING_DIMS];
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.isEmpty()) {
        continue;
      }
      SplittableRandom r = new SplittableRandom(w.hashCode());
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (r.nextDouble() * 2 - 1);
      }
    }
    return v;
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
    busyMicros.set(0);
    rejected429.set(0);
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

  /**
   * Answers as a real model roughly does: each person's narrative in words of its own (a passage
   * drawn per persona from a large vocabulary, so different people share few word triples); a
   * {@code reviseShare} of first drafts state an age 7 years off (the revision, asked with
   * "Problems to fix", is right); a {@code duplicateShare} of personas get one of ten stock
   * passages, so they come out as near-copies of one another.
   */
  public static Reply realistic(Request r, double reviseShare, double duplicateShare) {
    if (isJudge(r)) {
      return defaultReply(r); // a judge's question: a passing verdict
    }
    long h = Mix64.splitMix(new TreeMap<>(r.attributes()).toString().hashCode());
    double u = (h >>> 11) * 0x1.0p-53;
    double v = (Mix64.splitMix(h) >>> 11) * 0x1.0p-53;
    boolean revising = r.prompt().contains("Problems to fix");
    String good;
    try {
      JsonNode plain = JSON.readTree(personaJson(r, null));
      String own = plain.get("narrative").asText();
      long passageSeed = v < duplicateShare ? Math.floorMod(h, 10) : h;
      // The story first, as a model writes it; the facts the checks look for after it.
      good = personaJson(r, passage(passageSeed, v < duplicateShare ? 120 : 80) + " " + own);
      // The name the prompt gives, as a model is asked to use; else one from a wide list, as a
      // model
      // picks (five names a gender would trip the name cap).
      if (GIVEN_NAME.matcher(r.prompt()).find()) {
        return realisticContradiction(r, good, revising, u, reviseShare);
      }
      String gender = r.attributes().getOrDefault("demographics.gender", "");
      String[] firsts = gender.equals("female") ? FEMALE : gender.equals("male") ? MALE : NEUTRAL;
      String name =
          firsts[(int) Math.floorMod(h >>> 7, (long) firsts.length)]
              + " "
              + SURNAMES[(int) Math.floorMod(h >>> 23, (long) SURNAMES.length)];
      if (plain.has("name")) {
        good = good.replace(plain.get("name").asText(), name);
      } else {
        good = good.replace(own.substring(0, own.indexOf(" is ")), name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return realisticContradiction(r, good, revising, u, reviseShare);
  }

  /** {@code good}, or, for a {@code reviseShare} of first drafts, with the age 7 years off. */
  private static Reply realisticContradiction(
      Request r, String good, boolean revising, double u, double reviseShare) {
    String age = r.attributes().get("demographics.age");
    if (age == null || revising || u >= reviseShare) {
      return new Reply.Content(good);
    }
    String wrong = Integer.toString(Integer.parseInt(age) + 7);
    return new Reply.Content(good.replace(age + " years old", wrong + " years old"));
  }

  // A small English grammar: different people get different stories, as from a real model (random
  // letters would read as one kind of text to an embedding model, and look like copies).
  private static final String[] FEMALE = {
    "Maria", "Aisha", "Grace", "Mei", "Olivia", "Sofia", "Priya", "Hannah", "Chloe", "Fatima",
    "Elena", "Zoe", "Amara", "Lucia", "Nora", "Ingrid", "Yuki", "Leila", "Rosa", "Claire", "Naomi",
    "Tara", "Beatriz", "Anika", "Molly", "Camille", "Joy", "Irene", "Dalia", "Esther", "Greta",
    "Helen", "Ines", "Jana", "Keiko", "Lena", "Marta", "Nadia", "Paula", "Rhea"
  };
  private static final String[] MALE = {
    "James", "Omar", "Wei", "Carlos", "Noah", "Liam", "Ravi", "Tomas", "Kwame", "Hiro", "Felix",
    "Marco", "Ahmed", "Lucas", "Ivan", "Dmitri", "Andre", "Samuel", "Jonah", "Pablo", "Victor",
    "Elijah", "Hassan", "Kenji", "Mateo", "Oscar", "Rafael", "Stefan", "Tariq", "Yusuf", "Bruno",
    "Caleb", "Diego", "Emil", "Gabriel", "Hugo", "Isaac", "Jorge", "Kofi", "Leo"
  };
  private static final String[] NEUTRAL = {
    "Alex", "Sam", "Robin", "Kai", "Jordan", "Riley", "Avery", "Quinn", "Rowan", "Sage", "Emery",
    "Jesse", "Morgan", "Reese", "Skyler", "Dakota", "Ari", "Noor", "Remy", "Shay"
  };
  private static final String[] SURNAMES = {
    "Garcia",
    "Okafor",
    "Chen",
    "Novak",
    "Silva",
    "Nguyen",
    "Patel",
    "Kowalski",
    "Haddad",
    "Smith",
    "Johansson",
    "Moreno",
    "Tanaka",
    "Mensah",
    "Rossi",
    "Schmidt",
    "Dubois",
    "Ivanova",
    "Kim",
    "O'Brien",
    "Fernandes",
    "Abebe",
    "Larsen",
    "Murphy",
    "Yilmaz",
    "Costa",
    "Horvat",
    "Sato",
    "Walker",
    "Reyes",
    "Bianchi",
    "Lindqvist",
    "Adeyemi",
    "Popescu",
    "Brennan",
    "Castillo",
    "Nakamura",
    "Petrov",
    "Quispe",
    "Varga"
  };
  private static final String[] VERBS = {
    "spends weekends restoring",
    "learned early to repair",
    "still remembers building",
    "dreams of opening",
    "collects",
    "writes short essays about",
    "teaches neighbours to fix",
    "photographs",
    "volunteers to organise",
    "keeps a notebook on",
    "argues happily about",
    "grew up sharing",
    "saved for years to buy",
    "once entered a contest with",
    "trains every morning for",
    "reads everything about",
    "cooks elaborate dinners around",
    "sketches",
    "sells handmade",
    "plays in a band that covers",
    "mentors students interested in",
    "travels each summer to see",
    "is slowly renovating",
    "started a small club for",
    "records a podcast about"
  };
  private static final String[] ADJECTIVES = {
    "old", "wooden", "vintage", "tiny", "noisy", "forgotten", "hand-painted", "secondhand",
    "experimental", "stubborn", "colourful", "rusty", "borrowed", "local", "rare", "electric",
    "folding", "abandoned", "inherited", "oversized", "delicate", "weathered", "homemade",
        "regional"
  };
  private static final String[] NOUNS = {
    "sailboats",
    "radios",
    "bicycles",
    "pianos",
    "beehives",
    "chess sets",
    "motorcycles",
    "quilts",
    "telescopes",
    "greenhouses",
    "typewriters",
    "canoes",
    "clocks",
    "maps",
    "cameras",
    "fountain pens",
    "bonsai trees",
    "sourdough starters",
    "vinyl records",
    "board games",
    "kites",
    "aquariums",
    "stained-glass lamps",
    "fishing rods",
    "model trains",
    "herb gardens",
    "comic books",
    "violins",
    "pottery wheels",
    "beekeeping suits",
    "hiking boots",
    "woodcuts",
    "lanterns",
    "tapestries"
  };
  private static final String[] PLACES = {
    "in a rented garage", "at the public library", "on a balcony full of plants", "with an aunt",
    "near the old harbour", "behind the family house", "at a community workshop",
        "on long night shifts",
    "with friends from school", "at the Saturday market", "in a converted barn",
        "during lunch breaks",
    "at a church hall", "on a shared allotment", "in the back of a cafe", "with a retired engineer",
    "after the children sleep", "at regional fairs", "along the river path", "in a cramped attic"
  };
  private static final String[] FEELINGS = {
    "It brings a calm that nothing else does.", "Friends tease about it, but kindly.",
    "Money is always tight because of it.", "It started as a way to cope with a hard year.",
    "A grandparent passed the habit down.", "It has become a small side income.",
    "Most evenings end with it.", "The family has mixed feelings about it.",
    "It led to a few lifelong friendships.", "There is a plan to turn it into a business one day.",
    "It is the first thing mentioned to new acquaintances.",
        "A local newspaper once wrote about it."
  };

  /**
   * A few sentences of a person's story, drawn by a seed: distinct seeds tell different stories.
   */
  private static String passage(long seed, int words) {
    SplittableRandom rnd = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder();
    int n = 0;
    while (n < words) {
      String sentence =
          "The person "
              + VERBS[rnd.nextInt(VERBS.length)]
              + " "
              + ADJECTIVES[rnd.nextInt(ADJECTIVES.length)]
              + " "
              + NOUNS[rnd.nextInt(NOUNS.length)]
              + " "
              + PLACES[rnd.nextInt(PLACES.length)]
              + ". "
              + FEELINGS[rnd.nextInt(FEELINGS.length)]
              + " ";
      sb.append(sentence);
      n += sentence.split(" ").length;
    }
    return sb.toString().strip();
  }

  /**
   * The default answer: a persona JSON consistent with the prompt's attributes, or, to a judge's
   * question, a passing verdict (score 4).
   */
  public static Reply defaultReply(Request r) {
    if (isJudge(r)) {
      return new Reply.Content(verdictJson(true, 4, List.of()));
    }
    return new Reply.Content(personaJson(r, null));
  }

  private static final Pattern JUDGED_NARRATIVE =
      Pattern.compile("\nNarrative:\n(.*?)\n\nAnswer with", Pattern.DOTALL);

  /** Whether the request asks a judge's verdict (the verdict schema, or a prompt asking one). */
  public static boolean isJudge(Request r) {
    return "verdict"
            .equals(r.body().path("response_format").path("json_schema").path("name").asText())
        || r.prompt().contains("\"verdict\":");
  }

  /** The narrative a judge is asked about (the built-in judge prompt's), or "" when none. */
  public static String judgedNarrative(Request r) {
    Matcher m = JUDGED_NARRATIVE.matcher(r.prompt());
    return m.find() ? m.group(1).strip() : "";
  }

  /** A judge's answer. */
  public static String verdictJson(boolean pass, int score, List<String> problems) {
    ObjectNode o = JSON.createObjectNode();
    o.put("verdict", pass ? "pass" : "fail");
    o.put("score", score);
    ArrayNode a = o.putArray("problems");
    problems.forEach(a::add);
    return o.toString();
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
    long arrivedNanos = System.nanoTime();
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
        Reply reply;
        if ((cap > 0 && now > cap)
            || (rejectShare > 0 && ThreadLocalRandom.current().nextDouble() < rejectShare)) {
          // Over the server's cap (or a random rejection): answered at once, as servers do.
          rejected429.incrementAndGet();
          reply = Fault.RATE_LIMIT_SECONDS.reply(hang);
        } else {
          long j = jitter.toMillis();
          sleep(latency.toMillis() + (j > 0 ? ThreadLocalRandom.current().nextLong(-j, j + 1) : 0));
          reply = script.apply(r);
        }
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
      if (code == 200) {
        busyMicros.addAndGet((System.nanoTime() - arrivedNanos) / 1000);
      }
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

  private void handleEmbeddings(HttpExchange ex) throws IOException {
    try {
      embeddingRequests.incrementAndGet();
      JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String model = body.path("model").asText();
      if (requiredKey != null && (auth == null || !auth.equals("Bearer " + requiredKey))) {
        String given = auth == null ? "" : auth.replaceFirst("^Bearer ", "");
        send(
            ex,
            401,
            Map.of(),
            "{\"error\":{\"message\":\"Incorrect API key provided: "
                + given
                + "\",\"code\":\"invalid_api_key\"}}");
        return;
      }
      if (!model.equals(EMBEDDING_MODEL) && !models.contains(model)) {
        send(
            ex,
            404,
            Map.of(),
            "{\"error\":{\"message\":\"The model '" + model + "' does not exist\"}}");
        return;
      }
      JsonNode input = body.path("input");
      List<String> texts = new ArrayList<>();
      if (input.isArray()) {
        input.forEach(t -> texts.add(t.asText()));
      } else {
        texts.add(input.asText());
      }
      embeddedTexts.addAndGet(texts.size());
      ObjectNode o = JSON.createObjectNode();
      o.put("object", "list");
      o.put("model", model);
      ArrayNode data = o.putArray("data");
      int tokens = 0;
      for (int i = 0; i < texts.size(); i++) {
        ObjectNode d = data.addObject();
        d.put("object", "embedding");
        d.put("index", i);
        ArrayNode vec = d.putArray("embedding");
        for (float x : embedding(texts.get(i))) {
          vec.add(x);
        }
        tokens += Math.max(1, texts.get(i).length() / 4);
      }
      o.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
      send(ex, 200, Map.of(), o.toString());
    } catch (RuntimeException e) {
      send(ex, 500, Map.of(), "{\"error\":{\"message\":\"simulator: " + e + "\"}}");
    } finally {
      ex.close();
    }
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
            + ",\"busy_ms\":"
            + busyMicros.get() / 1000
            + ",\"rejected_429\":"
            + rejected429.get()
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
    private Duration jitter = Duration.ZERO;
    private int cap;
    private double rejectShare;
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
    /** Each answer takes latency ± up to this long (uniform). */
    public Builder jitter(Duration jitter) {
      this.jitter = jitter;
      return this;
    }

    /** Answers 429 with Retry-After: 1 at once to a request that finds this many in flight. */
    public Builder cap(int cap) {
      this.cap = cap;
      return this;
    }

    /** Answers this share of requests 429 with Retry-After: 1 at once, whatever the load. */
    public Builder rejectShare(double share) {
      this.rejectShare = share;
      return this;
    }

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
        throw new UncheckedIOException("cannot start the LLM simulator", e);
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
        case "--jitter-ms" -> b.jitter(Duration.ofMillis(Long.parseLong(args[++i])));
        case "--cap" -> b.cap(Integer.parseInt(args[++i]));
        case "--reject-share" -> b.rejectShare(Double.parseDouble(args[++i]));
        case "--realistic" -> {
          String[] shares = args[++i].split(":");
          double revise = Double.parseDouble(shares[0]);
          double dup = Double.parseDouble(shares[1]);
          b.script(r -> realistic(r, revise, dup));
        }
        case "--model" -> b.models(Set.of(args[++i]));
        default -> {
          System.err.println(
              "usage: LlmSimulator [--port N] [--latency-ms N] [--jitter-ms N] [--cap N]"
                  + " [--reject-share X] [--realistic REVISE_SHARE:DUPLICATE_SHARE] [--model NAME]");
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
