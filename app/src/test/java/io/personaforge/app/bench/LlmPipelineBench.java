package io.personaforge.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaforge.app.PersonaRun;
import io.personaforge.app.RunConfigLoader;
import io.personaforge.generator.sim.LlmSimulator;
import io.personaforge.pipelines.Execution;
import io.personaforge.report.Summary;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * LLM client efficiency through the whole pipeline (Direct runner): the simulator answers after 200
 * ms, the run keeps {@code concurrency} requests in flight. Usage: {@code bench/run llm-pipeline
 * [C...]} (default 8 32 128). Reports personas/s ÷ (C ÷ latency) over the generation phase and the
 * simulator's peak in-flight ÷ C. Aim: ≥ 0.9 at C = 32.
 */
public final class LlmPipelineBench {
  static final Duration LATENCY = Duration.ofMillis(200);

  public static void main(String[] args) throws Exception {
    int[] cs =
        args.length == 0
            ? new int[] {8, 32, 128}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    for (int c : cs) {
      run(c);
    }
  }

  static void run(int c) throws Exception {
    // The simulator runs in its own JVM so that its CPU is not counted as the pipeline's.
    int port = 18000 + c;
    Process simProcess =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LlmSimulator.class.getName(),
                "--port",
                Integer.toString(port),
                "--latency-ms",
                Long.toString(LATENCY.toMillis()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      waitForPort(port);
      String baseUrl = "http://127.0.0.1:" + port + "/v1";
      // Enough personas for 30 s of ideal LLM time, so pipeline start-up (~4 s) is amortised.
      int count = c * 150;
      Path tmp = Files.createTempDirectory("pf-llm-bench");
      Path config = tmp.resolve("run.yaml");
      Files.writeString(
          config,
          "count: "
              + count
              + "\nseed: 3\nmax_rounds: 1\nvalidation: {builtin_rules: false, checks: {first_name_cap: false}}\n"
              + "dedup: {enabled: false}\ngenerator:\n  provider: openai\n  base_url: "
              + baseUrl
              + "\n  model: sim-model\n  api_key_env: \"\"\n  concurrency: "
              + c
              + "\n");
      RunConfigLoader.LoadedRun loaded = RunConfigLoader.load(config, null, null);
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      Summary s =
          PersonaRun.execute(
              loaded,
              tmp.resolve("out"),
              new Execution(Execution.Runner.DIRECT, null, 0),
              false,
              false,
              line -> {});
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuMsPerPersona = (cpuNanos() - cpu0) / 1e6 / Math.max(1, s.counts().generated());
      double ideal = c / (LATENCY.toMillis() / 1000.0);
      double rate = s.counts().generated() / seconds;
      JsonNode stats = simStats(baseUrl);
      int peak = stats.path("peak_in_flight").asInt();
      // The generation phase: from the pipeline's first request (the run's first is the probe,
      // sent before the pipeline starts) to the last answer.
      long calls = stats.path("requests").asLong() - 1;
      double phase =
          (stats.path("last_answer_ms").asLong() - stats.path("second_request_ms").asLong())
              / 1000.0;
      double phaseRate = calls / phase;
      System.out.printf(
          Locale.ROOT,
          "C=%d: generation phase %d calls in %.1f s = %.1f/s (ideal %.0f/s) ratio %.2f; whole run"
              + " %.1f s = %.1f personas/s (ratio %.2f, incl. start-up, metrics and report); peak"
              + " in-flight %d (%.2f of C); CPU %.1f ms/persona (whole process)%n",
          c,
          calls,
          phase,
          phaseRate,
          ideal,
          phaseRate / ideal,
          seconds,
          rate,
          rate / ideal,
          peak,
          peak / (double) c,
          cpuMsPerPersona);
      if (c == 32) {
        System.out.printf(
            Locale.ROOT,
            "ratio to aim (0.9 of ideal at C=32, generation phase): %.2f%n",
            phaseRate / ideal / 0.9);
      }
    } finally {
      simProcess.destroy();
      simProcess.waitFor();
    }
  }

  static void waitForPort(int port) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("simulator did not start on port " + port);
  }

  /** The simulator's counters, from its stats endpoint. */
  static JsonNode simStats(String baseUrl) throws Exception {
    String stats =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(baseUrl.replace("/v1", "") + "/sim/stats"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return new ObjectMapper().readTree(stats);
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
