package io.personaforge.generator;

import static io.personaforge.generator.Fixtures.SECRET;
import static io.personaforge.generator.Fixtures.TAXONOMY;
import static io.personaforge.generator.Fixtures.request;
import static io.personaforge.generator.Fixtures.simConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.judge.JudgeCall;
import io.personaforge.generator.judge.JudgeOutcome;
import io.personaforge.generator.sim.LlmSimulator;
import io.personaforge.generator.sim.LlmSimulator.Fault;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine over real HTTP, through the real langchain4j client, against the simulator. */
// A hung future must fail the build, not stall it; no test comes near this.
@Timeout(120)
class GenerationEngineTest {
  @TempDir Path cache;
  private LlmSimulator sim;

  @BeforeEach
  void start() {
    sim =
        LlmSimulator.builder().latency(Duration.ofMillis(2)).hang(Duration.ofMillis(1500)).start();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private GenerationEngine open(GeneratorConfig config) {
    return GenerationEngine.open(config, TAXONOMY, cache, false, Fixtures::env);
  }

  private static List<Outcome> runAll(GenerationEngine engine, int from, int to) {
    List<CompletableFuture<Outcome>> futures = new ArrayList<>();
    for (int i = from; i < to; i++) {
      futures.add(engine.submit(request(i)));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  private static Draft draft(Outcome o) {
    return assertInstanceOf(Outcome.Success.class, o, o::toString).draft();
  }

  @Test
  void structuredOutputRoundTrip() {
    List<LlmSimulator.Request> seen = new ArrayList<>();
    sim.script(
        r -> {
          synchronized (seen) {
            seen.add(r);
          }
          return LlmSimulator.defaultReply(r);
        });
    GeneratorConfig config =
        simConfig(sim.baseUrl()).fields(List.of("name", "summary", "hobby")).seed(42L).build();
    try (GenerationEngine engine = open(config)) {
      Draft d = draft(engine.submit(request(3)).join());
      assertTrue(d.narrative().contains("23 years old"), d.narrative());
      assertTrue(d.narrative().contains("Lagos"), d.narrative());
      assertEquals(List.of("name", "summary", "hobby"), List.copyOf(d.fields().keySet()));
      assertEquals("sim hobby", d.fields().get("hobby"));
      assertTrue(d.promptTokens() > 0 && d.completionTokens() > 0);
      assertEquals(new WriterInfo("openai", "sim-model", "persona-v2+revise-v2"), engine.info());
      LlmSimulator.Request r = seen.get(0);
      assertTrue(r.jsonSchema(), "response_format json_schema was sent");
      assertEquals(
          "json_schema",
          r.body().path("response_format").path("type").asText(),
          r.body().toString());
      assertEquals("sim-model", r.model());
      assertNotNull(r.seed());
      assertEquals(
          Map.of(
              "demographics.gender",
              "male",
              "demographics.age",
              "23",
              "location.city",
              "Lagos",
              "work.occupation",
              "nurse"),
          r.attributes());
      Draft other = draft(engine.submit(request(4)).join());
      assertNotEquals(seen.get(0).seed(), seen.get(1).seed(), "each persona gets its own seed");
      assertNotEquals(d.narrative(), other.narrative());
      assertEquals(2, sim.requests());
    }
  }

  @Test
  void revisionUsesTheRevisePromptWithFeedback() {
    // Scripted as the validator issue needs: a contradiction first, the right text on revision.
    sim.script(
        r ->
            new LlmSimulator.Reply.Content(
                LlmSimulator.personaJson(
                    r, r.prompt().contains("Problems to fix") ? null : "She is 99 years old.")));
    try (GenerationEngine engine = open(simConfig(sim.baseUrl()).build())) {
      WriteRequest first = request(1);
      Draft bad = draft(engine.submit(first).join());
      assertEquals("She is 99 years old.", bad.narrative());
      WriteRequest revise =
          new WriteRequest(
              first.personaId(),
              first.seed(),
              first.attributes(),
              bad,
              List.of("age is 21, not 99"));
      Draft good = draft(engine.submit(revise).join());
      assertTrue(good.narrative().contains("21 years old"), good.narrative());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Fault.class,
      names = {
        "RATE_LIMIT",
        "SERVER_ERROR",
        "OVERLOADED",
        "TIMEOUT",
        "MALFORMED_JSON",
        "EMPTY_CONTENT"
      })
  void eachFaultIsRetriedAndCounted(Fault fault) {
    sim.script(LlmSimulator.faultFirst(fault, 1, Duration.ofMillis(3000)));
    int n = 4;
    // A 1 s timeout: a hang of 3 s always trips it, a normal 2 ms answer never does.
    GeneratorConfig config = simConfig(sim.baseUrl()).timeoutSeconds(1.0).build();
    try (GenerationEngine engine = open(config)) {
      List<Outcome> outcomes = runAll(engine, 0, n);
      outcomes.forEach(o -> assertEquals(2, o.attempts(), () -> draft(o).narrative()));
      String cause =
          switch (fault) {
            case RATE_LIMIT -> "rate_limited";
            case SERVER_ERROR -> "server_error";
            case OVERLOADED -> "overloaded";
            case TIMEOUT -> "timeout";
            case MALFORMED_JSON -> "unparseable";
            case EMPTY_CONTENT -> "empty";
            default -> throw new AssertionError(fault);
          };
      assertEquals(Map.of(cause, (long) n), engine.drainRetriesByCause());
      assertEquals(2L * n, sim.requests());
      // Every pushback reaches the limiter (whether it lowers the limit depends on the levels the
      // calls were sent at: AdaptiveLimiterTest checks that on a fake clock); other faults say
      // nothing about the server's capacity, so the limiter never hears of them.
      long overloads = engine.drainActivity().getOrDefault("overloads", 0L);
      assertEquals(fault == Fault.RATE_LIMIT || fault == Fault.OVERLOADED ? n : 0, overloads);
    }
  }

  @Test
  void aRetrySendsAnotherSeedSoASeededServerDoesNotRepeatItself() {
    Map<Integer, Integer> seeds = new ConcurrentHashMap<>();
    sim.script(
        r -> {
          seeds.put(r.attemptForPrompt(), r.seed());
          return LlmSimulator.faultFirst(Fault.MALFORMED_JSON, 1, Duration.ZERO).apply(r);
        });
    GeneratorConfig config = simConfig(sim.baseUrl()).seed(5L).build();
    try (GenerationEngine engine = open(config)) {
      draft(engine.submit(request(0)).join());
    }
    assertEquals(2, seeds.size());
    assertNotEquals(seeds.get(1), seeds.get(2));
    // The answer is journaled under the request, not the attempt: a re-run replays it.
    sim.resetCounters();
    try (GenerationEngine engine = open(config)) {
      assertTrue(((Outcome.Success) engine.submit(request(0)).join()).cacheHit());
      assertEquals(0, sim.requests());
    }
  }

  @Test
  void retryAfterInWholeSecondsIsHonoured() {
    Map<Integer, Long> arrivals = new ConcurrentHashMap<>();
    sim.script(
        r -> {
          arrivals.put(r.attemptForPrompt(), System.nanoTime());
          return LlmSimulator.faultFirst(Fault.RATE_LIMIT_SECONDS, 1, Duration.ZERO).apply(r);
        });
    try (GenerationEngine engine = open(simConfig(sim.baseUrl()).build())) {
      Outcome o = engine.submit(request(0)).join();
      draft(o);
      assertEquals(2, o.attempts());
      long gapMillis = (arrivals.get(2) - arrivals.get(1)) / 1_000_000;
      // The back-off alone would be under 50 ms: only Retry-After: 1 explains a second.
      assertTrue(gapMillis >= 950, "retried after " + gapMillis + " ms");
      assertEquals(Map.of("rate_limited", 1L), engine.drainRetriesByCause());
    }
  }

  @Test
  void exhaustedRetriesRejectThePersonaWithItsRawOutput() {
    sim.script(LlmSimulator.always(Fault.MALFORMED_JSON, Duration.ZERO));
    try (GenerationEngine engine = open(simConfig(sim.baseUrl()).maxRetries(2).build())) {
      Outcome o = engine.submit(request(0)).join();
      Outcome.Failure f = assertInstanceOf(Outcome.Failure.class, o);
      assertEquals(FailureKind.UNPARSEABLE, f.kind());
      assertEquals(3, f.attempts());
      assertEquals("{\"narrative\": \"cut off in the mid", f.rawOutput());
      assertTrue(f.reason().contains("after 3 attempts"), f.reason());
      assertEquals(3, sim.requests());
    }
  }

  @Test
  void wrongKeyFailsFastWithoutTheKey() {
    sim.close();
    sim = LlmSimulator.builder().requiredKey("sk-the-right-key-000000").start();
    try (GenerationEngine engine = open(simConfig(sim.baseUrl()).build())) {
      GenerationException probe = assertThrows(GenerationException.class, engine::probe);
      assertEquals(FailureKind.UNAUTHORIZED, probe.kind());
      assertTrue(probe.getMessage().contains(sim.baseUrl()), probe.getMessage());
      assertTrue(probe.getMessage().contains("sim-model"), probe.getMessage());
      assertTrue(probe.getMessage().contains("SIM_KEY"), probe.getMessage());
      assertFalse(probe.getMessage().contains(SECRET), probe.getMessage());
      assertFalse(probe.getMessage().contains("SECRET"), probe.getMessage());
      List<CompletableFuture<Outcome>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(engine.submit(request(i)));
      }
      CompletionException e =
          assertThrows(CompletionException.class, () -> futures.forEach(CompletableFuture::join));
      assertFalse(e.getCause().getMessage().contains(SECRET));
      assertTrue(
          e.getCause().getMessage().contains("refused the API key"), e.getCause().getMessage());
      // One call per worker thread at most got through before the stop.
      assertTrue(sim.requests() <= 1 + 3 + 8, "calls after a 401: " + sim.requests());
      assertTrue(engine.fatalError().isPresent());
    }
  }

  @Test
  void unknownModelAndUnreachableUrlFailTheProbeNamingUrlAndModel() throws Exception {
    try (GenerationEngine engine = open(simConfig(sim.baseUrl()).model("no-such-model").build())) {
      GenerationException e = assertThrows(GenerationException.class, engine::probe);
      assertEquals(FailureKind.NOT_FOUND, e.kind());
      assertTrue(
          e.getMessage().contains("no-such-model") && e.getMessage().contains(sim.baseUrl()),
          e.getMessage());
    }
    String dead;
    try (var socket = new ServerSocket(0)) {
      dead = "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }
    try (GenerationEngine engine = open(simConfig(dead).build())) {
      GenerationException e = assertThrows(GenerationException.class, engine::probe);
      assertEquals(FailureKind.CONNECTION, e.kind());
      assertTrue(
          e.getMessage().contains(dead) && e.getMessage().contains("sim-model"), e.getMessage());
    }
    sim.resetCounters();
    try (GenerationEngine engine = open(simConfig(sim.baseUrl()).build())) {
      engine.probe();
      assertEquals(1, sim.requests());
    }
  }

  @Test
  void aRunThatMostlyFailsStopsEarly() {
    sim.script(LlmSimulator.always(Fault.SERVER_ERROR, Duration.ZERO));
    int n = 200;
    try (GenerationEngine engine =
        open(simConfig(sim.baseUrl()).maxRetries(0).concurrency(2).build())) {
      List<CompletableFuture<Outcome>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(engine.submit(request(i)));
      }
      CompletionException e =
          assertThrows(CompletionException.class, () -> futures.forEach(CompletableFuture::join));
      assertTrue(
          e.getCause().getMessage().startsWith("stopping the run: "), e.getCause().getMessage());
      assertTrue(e.getCause().getMessage().contains("of the last"), e.getCause().getMessage());
      assertTrue(sim.requests() < n / 2, "calls before stopping: " + sim.requests());
      // A new request after the stop fails at once.
      assertTrue(engine.submit(request(9999)).isCompletedExceptionally());
    }
  }

  @Test
  void aHeadStartsDraftsAreTheCallsThePipelineThenGetsPaidOnce() throws Exception {
    sim.close();
    sim = LlmSimulator.builder().latency(Duration.ofMillis(150)).start();
    int n = 24;
    GeneratorConfig config = simConfig(sim.baseUrl()).concurrency(4).build();
    try (GenerationEngine engine = open(config)) {
      List<WriteRequest> drafts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        drafts.add(request(i));
      }
      engine.headStart(drafts.iterator(), 8);
      // The pipeline starts later: by then the head start has asked its 8 (4 at a time).
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (sim.requests() < 8 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(8, sim.requests(), "the head start asks at most its maximum");
      List<Outcome> outcomes = runAll(engine, 0, n);
      assertEquals(n, sim.requests(), "each draft is paid for once");
      for (Outcome o : outcomes) {
        Outcome.Success s = assertInstanceOf(Outcome.Success.class, o, o::toString);
        // Taken as the pipeline's own call, so a run's figures count it as one.
        assertFalse(s.cacheHit());
        assertEquals(1, s.attempts());
      }
    }
  }

  @Test
  void aHeadStartStopsAtThePipelinesFirstRequest() throws Exception {
    sim.close();
    sim = LlmSimulator.builder().latency(Duration.ofMillis(300)).start();
    GeneratorConfig config = simConfig(sim.baseUrl()).concurrency(2).build();
    try (GenerationEngine engine = open(config)) {
      List<WriteRequest> drafts = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        drafts.add(request(i));
      }
      engine.headStart(drafts.iterator(), 100);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (sim.requests() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      // The pipeline asks for a persona of its own: the head start asks no more.
      Outcome mine = engine.submit(request(500)).join();
      draft(mine);
      long afterPipeline = sim.requests();
      Thread.sleep(1000);
      assertEquals(afterPipeline, sim.requests(), "nothing asked after the pipeline started");
      assertTrue(afterPipeline <= 5, "asked " + afterPipeline);
    }
  }

  @Test
  void theSamePromptAskedTwiceAtOnceIsOneCall() {
    sim.close();
    sim = LlmSimulator.builder().latency(Duration.ofMillis(200)).start();
    try (GenerationEngine engine = open(simConfig(sim.baseUrl()).build())) {
      CompletableFuture<Outcome> a = engine.submit(request(3));
      CompletableFuture<Outcome> b = engine.submit(request(3));
      assertEquals(draft(a.join()), draft(b.join()));
      assertEquals(1, sim.requests());
      assertTrue(((Outcome.Success) b.join()).cacheHit(), "the second shares the first's answer");
    }
  }

  @Test
  void journalReplaysAnswersSoARerunPaysOnlyForNewPersonas() {
    int n = 12;
    GeneratorConfig config = simConfig(sim.baseUrl()).build();
    List<Draft> first;
    try (GenerationEngine engine = open(config)) {
      first = runAll(engine, 0, n).stream().map(GenerationEngineTest::draft).toList();
    }
    assertEquals(n, sim.requests());
    sim.resetCounters();
    try (GenerationEngine engine = open(config)) {
      List<Outcome> again = runAll(engine, 0, 2 * n);
      assertEquals(n, sim.requests(), "exactly the N new personas were called");
      for (int i = 0; i < n; i++) {
        assertEquals(first.get(i), draft(again.get(i)));
        assertTrue(((Outcome.Success) again.get(i)).cacheHit());
      }
      assertEquals(n, again.stream().filter(o -> ((Outcome.Success) o).cacheHit()).count());
    }
    sim.resetCounters();
    try (GenerationEngine engine =
        GenerationEngine.open(config, TAXONOMY, cache, true, Fixtures::env)) {
      runAll(engine, 0, n);
      assertEquals(n, sim.requests(), "fresh ignores the journal");
    }
  }

  @Test
  void aRunStoppedHalfwayResumesWithoutRepeatingJournaledCalls() throws Exception {
    sim.close();
    sim = LlmSimulator.builder().latency(Duration.ofMillis(20)).start();
    int n = 40;
    GeneratorConfig config = simConfig(sim.baseUrl()).concurrency(4).build();
    GenerationEngine engine = open(config);
    List<CompletableFuture<Outcome>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      futures.add(engine.submit(request(i)));
    }
    futures.get(n / 2).join();
    engine.close(); // the "kill": pending requests are abandoned
    long done = futures.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
    assertTrue(done < n, "the stop left work undone");
    long journaled = journalLines(cache);
    // Simulate a torn last record from the kill.
    Path seg;
    try (Stream<Path> s = Files.list(cache.resolve("llm"))) {
      seg = s.findFirst().orElseThrow();
    }
    Files.writeString(seg, "{\"k\":\"abc\",\"text\":\"tor", StandardOpenOption.APPEND);
    long before = sim.requests();
    try (GenerationEngine resumed = open(config)) {
      List<Outcome> all = runAll(resumed, 0, n);
      all.forEach(GenerationEngineTest::draft);
      assertEquals(n - journaled, sim.requests() - before, "only unjournaled personas were called");
      assertEquals(journaled, all.stream().filter(o -> ((Outcome.Success) o).cacheHit()).count());
    }
    // The resumed corpus equals an uninterrupted run's (deterministic simulator answers).
    sim.resetCounters();
    try (GenerationEngine fresh =
            GenerationEngine.open(config, TAXONOMY, cache.resolve("other"), false, Fixtures::env);
        GenerationEngine replay = open(config)) {
      List<Outcome> a = runAll(fresh, 0, n);
      List<Outcome> b = runAll(replay, 0, n);
      for (int i = 0; i < n; i++) {
        assertEquals(draft(a.get(i)).narrative(), draft(b.get(i)).narrative());
      }
    }
  }

  private static long journalLines(Path cache) throws Exception {
    long lines = 0;
    try (Stream<Path> s = Files.list(cache.resolve("llm"))) {
      for (Path p : s.toList()) {
        lines += Files.readAllLines(p).stream().filter(l -> l.endsWith("}")).count();
      }
    }
    return lines;
  }

  @Test
  void keepsConcurrencyRequestsInFlightAndNoMore() {
    sim.close();
    sim = LlmSimulator.builder().latency(Duration.ofMillis(40)).start();
    try (GenerationEngine engine = open(simConfig(sim.baseUrl()).concurrency(6).build())) {
      runAll(engine, 0, 48).forEach(GenerationEngineTest::draft);
      assertEquals(6, sim.peakInFlight());
    }
  }

  @Test
  void aRunThatMustStopFailsItsFuturesNamingTheCause() {
    try (GenerationEngine engine = open(simConfig(sim.baseUrl()).model("gone").build())) {
      CompletionException e =
          assertThrows(CompletionException.class, () -> engine.submit(request(1)).join());
      GenerationException cause = assertInstanceOf(GenerationException.class, e.getCause());
      assertEquals(FailureKind.NOT_FOUND, cause.kind());
      assertEquals(cause, engine.fatalError().orElseThrow());
      // Nothing more is asked once the run must stop.
      long asked = sim.requests();
      assertThrows(CompletionException.class, () -> engine.submit(request(2)).join());
      assertEquals(asked, sim.requests());
    }
  }

  @Test
  void requestsPerMinuteSpacesCalls() {
    // 1200 per minute = one call per 50 ms: 6 calls need at least 250 ms.
    try (GenerationEngine engine = open(simConfig(sim.baseUrl()).requestsPerMinute(1200).build())) {
      long t0 = System.nanoTime();
      runAll(engine, 0, 6);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms >= 240, "6 calls took " + ms + " ms");
    }
  }

  @Test
  void oneSharedEnginePerConfigInAJvm() {
    GeneratorConfig config = simConfig(sim.baseUrl()).build();
    GenerationEngine a = open(config);
    GenerationEngine b = open(config);
    assertSame(a, b);
    b.close();
    draft(a.submit(request(0)).join()); // still open for the other holder
    a.close();
    GenerationEngine c = open(config);
    assertNotEquals(System.identityHashCode(a), System.identityHashCode(c));
    c.close();
  }

  @Test
  void ollamaProviderRoundTrip() throws Exception {
    GeneratorConfig config =
        GeneratorConfig.builder()
            .provider("ollama")
            .baseUrl(sim.ollamaUrl())
            .model("sim-model")
            .seed(1L)
            .build();
    try (GenerationEngine engine = open(config)) {
      engine.probe();
      Draft d = draft(engine.submit(request(2)).join());
      assertTrue(d.narrative().contains("22 years old"), d.narrative());
      assertEquals(2, sim.requests());
    }
  }

  @Test
  void offlineProviderNeedsNoServer() throws Exception {
    try (GenerationEngine engine = open(GeneratorConfig.defaults())) {
      engine.probe();
      Outcome.Success s = assertInstanceOf(Outcome.Success.class, engine.submit(request(1)).join());
      // The offline writer states the age as "21 years old" or "a 21-year-old".
      assertTrue(
          s.draft().narrative().matches("(?s).*\\b21( years old|-year-old)\\b.*"),
          s.draft().narrative());
      assertEquals("offline", engine.info().provider());
    }
  }

  @Test
  void judgeVerdictsShareTheJournalAndAreReplayedWithWhatTheyCost() {
    List<LlmSimulator.Request> seen = new ArrayList<>();
    sim.script(
        r -> {
          synchronized (seen) {
            seen.add(r);
          }
          return new LlmSimulator.Reply.Content(
              LlmSimulator.verdictJson(false, 2, List.of("generic")));
        });
    GeneratorConfig judgeModel = simConfig(sim.baseUrl()).temperature(0.0).build();
    JudgeCall call = new JudgeCall("coherence", judgeModel, "Judge this.", 7);
    JudgeOutcome first;
    try (GenerationEngine engine =
        GenerationEngine.open(
            simConfig(sim.baseUrl()).build(),
            List.of(judgeModel),
            TAXONOMY,
            cache,
            false,
            Fixtures::env)) {
      first = engine.judge(call).join();
      // Another judge asking the same is another question.
      engine.judge(new JudgeCall("other", judgeModel, "Judge this.", 7)).join();
      assertEquals(2, seen.size());
    }
    assertFalse(first.cacheHit());
    assertEquals(1, first.attempts());
    assertEquals(List.of("generic"), first.verdict().problems());
    assertTrue(first.millis() >= 1);
    assertEquals("verdict", seen.get(0).body().at("/response_format/json_schema/name").asText());
    assertEquals(0.0, seen.get(0).body().path("temperature").asDouble());
    try (GenerationEngine engine =
        GenerationEngine.open(
            simConfig(sim.baseUrl()).build(),
            List.of(judgeModel),
            TAXONOMY,
            cache,
            false,
            Fixtures::env)) {
      JudgeOutcome replay = engine.judge(call).join();
      assertTrue(replay.cacheHit());
      assertEquals(0, replay.attempts());
      assertEquals(first.verdict(), replay.verdict());
      assertEquals(first.millis(), replay.millis(), "the cost it had when paid");
    }
    assertEquals(2, sim.requests());
  }
}
