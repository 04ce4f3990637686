package io.personaforge.generator.bench;

import io.personaforge.generator.GenerationEngine;
import io.personaforge.generator.GeneratorConfig;
import io.personaforge.generator.Outcome;
import io.personaforge.generator.WriteRequest;
import io.personaforge.generator.sim.LlmSimulator;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run llm-engine [LATENCY_MS] [ROUNDS]}: the generation engine against the LLM
 * simulator running in its own JVM (so this JVM's CPU time is the engine's alone) at 200 ms per
 * call, for C = 8, 32 and 128. Reports achieved personas/s ÷ (C ÷ latency), the simulator's peak
 * in-flight ÷ C, and CPU time per persona outside the LLM call (prompt rendering, HTTP client, JSON
 * parsing, journaling). Aim: throughput ratio ≥ 0.9 at C = 32.
 */
public final class LlmEngineBench {
  private static final double AIM = 0.9;

  public static void main(String[] args) throws Exception {
    long latencyMs = args.length > 0 ? Long.parseLong(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    Taxonomy taxonomy = TaxonomyLoader.load("builtin:general", null);
    Process sim =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                LlmSimulator.class.getName(),
                "--latency-ms",
                Long.toString(latencyMs))
            .redirectErrorStream(true)
            .start();
    Path tmp = Files.createTempDirectory("llm-engine-bench");
    double ratioAt32 = 0;
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      Matcher m = Pattern.compile("listening on (\\S+)").matcher(line == null ? "" : line);
      if (!m.find()) {
        throw new IllegalStateException("simulator did not start: " + line);
      }
      String baseUrl = m.group(1);
      String control = baseUrl.replaceFirst("/v1$", "");
      HttpClient http = HttpClient.newHttpClient();
      System.out.printf(
          Locale.ROOT,
          "llm-engine: simulator latency %d ms, %d rounds of C personas per C, cores %d%n",
          latencyMs,
          rounds,
          Runtime.getRuntime().availableProcessors());
      System.out.printf(
          Locale.ROOT,
          "%6s %8s %10s %10s %8s %10s %12s %10s%n",
          "C",
          "personas",
          "per_s",
          "ideal_s",
          "ratio",
          "peak/C",
          "cpu_ms/each",
          "raw_ratio");
      int offset = 0;
      for (int c : new int[] {8, 32, 128}) {
        GeneratorConfig config =
            GeneratorConfig.builder()
                .provider("openai")
                .baseUrl(baseUrl)
                .model(LlmSimulator.DEFAULT_MODEL)
                .apiKeyEnv("")
                .concurrency(c)
                .build();
        try (GenerationEngine engine =
            GenerationEngine.open(config, taxonomy, tmp.resolve("c" + c), true)) {
          engine.probe();
          run(engine, offset, 2 * c); // warm-up: JIT, connections
          offset += 2 * c;
          post(http, control + "/sim/reset");
          int n = rounds * c;
          long cpu0 = cpuNanos();
          long t0 = System.nanoTime();
          run(engine, offset, n);
          double secs = (System.nanoTime() - t0) / 1e9;
          long cpu = cpuNanos() - cpu0;
          offset += n;
          String stats = get(http, control + "/sim/stats");
          int peak = Integer.parseInt(stats.replaceAll(".*\"peak_in_flight\":(\\d+).*", "$1"));
          double perSec = n / secs;
          double ideal = c / (latencyMs / 1000.0);
          double ratio = perSec / ideal;
          if (c == 32) {
            ratioAt32 = ratio;
          }
          double raw = rawBaseline(http, baseUrl, c, n) / ideal;
          System.out.printf(
              Locale.ROOT,
              "%6d %8d %10.1f %10.1f %8.3f %10.3f %12.3f %10.3f%n",
              c,
              n,
              perSec,
              ideal,
              ratio,
              peak / (double) c,
              cpu / 1e6 / n,
              raw);
          Map<String, Long> retries = engine.drainRetriesByCause();
          if (!retries.isEmpty()) {
            System.out.println("  (engine retries: " + retries + ")");
          }
        }
      }
    } finally {
      sim.destroy();
      sim.waitFor();
      deleteTree(tmp);
    }
    System.out.println(
        "raw_ratio: the same number of bare JDK HttpClient calls from C plain threads (no prompt,"
            + " parsing, retries or journal): the ceiling this machine and simulator allow right now");
    System.out.printf(Locale.ROOT, "throughput ratio at C=32: %.3f (aim %.2f)%n", ratioAt32, AIM);
    System.out.printf(Locale.ROOT, "ratio to aim: %.2f%n", ratioAt32 / AIM);
    System.exit(0);
  }

  /** Calls/s of C plain threads making {@code n} bare calls in all: the harness's own ceiling. */
  private static double rawBaseline(HttpClient http, String baseUrl, int c, int n)
      throws Exception {
    String body =
        "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"- Age [demographics.age]: 30\"}]}";
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    AtomicInteger left = new AtomicInteger(n);
    AtomicInteger errors = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            c,
            r -> {
              Thread t = new Thread(r, "raw-baseline");
              t.setDaemon(true);
              return t;
            });
    try {
      long t0 = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < c; i++) {
        done.add(
            pool.submit(
                () -> {
                  while (left.getAndDecrement() > 0) {
                    try {
                      client.send(
                          HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                              .header("Content-Type", "application/json")
                              .POST(HttpRequest.BodyPublishers.ofString(body))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                    } catch (IOException e) {
                      errors.incrementAndGet(); // e.g. a closed keep-alive connection
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      if (errors.get() > 0) {
        System.out.println("  (raw baseline: " + errors.get() + " connection errors)");
      }
      return (n - errors.get()) / secs;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void run(GenerationEngine engine, int from, int n) {
    List<CompletableFuture<Outcome>> futures = new ArrayList<>(n);
    for (int i = from; i < from + n; i++) {
      futures.add(engine.submit(request(i)));
    }
    int failed = 0;
    for (CompletableFuture<Outcome> f : futures) {
      if (!(f.join() instanceof Outcome.Success)) {
        failed++;
      }
    }
    if (failed > 0) {
      System.out.println("  (" + failed + " personas failed after retries)");
    }
  }

  private static final List<String> CITIES =
      List.of("Lyon", "Osaka", "Denver", "Lagos", "Porto", "Lima", "Oslo");
  private static final List<String> JOBS =
      List.of("nurse", "plumber", "teacher", "chef", "pilot", "accountant");

  private static WriteRequest request(int i) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("demographics.gender", i % 2 == 0 ? "female" : "male");
    a.put("demographics.age", Integer.toString(18 + i % 70));
    a.put("location.city", CITIES.get(i % CITIES.size()));
    a.put("work.occupation", JOBS.get(i / CITIES.size() % JOBS.size()));
    a.put("personality.openness", Integer.toString(1 + i % 5));
    return WriteRequest.first("bench-" + i, 77L * i + 1, new AttributeSet(a));
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String get(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static void post(HttpClient http, String url) throws Exception {
    http.send(
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
