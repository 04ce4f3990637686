package io.personaforge.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaforge.generator.sim.LlmSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The whole run as a user waits for it, against the LLM simulator: {@code personaforge run} in its
 * own JVM on the defaults (builtin:general, built-in rules and checks, dedup, refill rounds), timed
 * from the command's start to its exit. The simulator answers like a model that needs a revision
 * for a third of its first drafts and writes a few percent near-copies.
 *
 * <p>Utilisation = the simulator's busy request-seconds (answers given) ÷ (concurrency × the
 * command's wall clock). Usage: {@code bench/run llm-e2e SCENARIO [COUNT] [CONCURRENCY]
 * [LATENCY_MS]}, scenarios:
 *
 * <ul>
 *   <li>{@code slow} — 2.5 s ± 0.5 s, C = 64, 5,000 personas (aim ≥ 0.90)
 *   <li>{@code fast} — 200 ms ± 40 ms, C = 32, 3,000 personas (aim ≥ 0.60)
 *   <li>{@code wide} — as {@code slow} at C = 128, 5,000 personas (aim: utilisation not below C =
 *       32's for the same work per slot: {@code slow 1250 32})
 *   <li>{@code cap} — a server that takes 8 at once (429 + Retry-After: 1 above), C = 32, 1 s ± 0.2
 *       s, 600 personas (aims: ≤ 5% of calls 429, answers ≥ 0.85 × 8 ÷ latency)
 *   <li>{@code random429} — 10% of calls 429 at random, C = 32, 1 s ± 0.2 s, 1,500 personas (aim:
 *       median in flight ≥ 0.75 × C)
 *   <li>{@code judged} — as {@code fast}, with the built-in coherence judge on every persona (its
 *       verdicts are more calls in the same flow; aim: utilisation not below {@code fast})
 * </ul>
 */
public final class LlmEndToEndBench {
  private record Scenario(
      String name,
      int count,
      int concurrency,
      long latencyMs,
      long jitterMs,
      int cap,
      double rejectShare,
      boolean judged) {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(
          "usage: bench/run llm-e2e slow|fast|wide|cap|random429|judged [COUNT] [CONCURRENCY]"
              + " [LATENCY_MS]");
      System.exit(2);
    }
    Scenario s =
        switch (args[0]) {
          case "slow" -> new Scenario("slow", 5000, 64, 2500, 500, 0, 0, false);
          case "fast" -> new Scenario("fast", 3000, 32, 200, 40, 0, 0, false);
          case "wide" -> new Scenario("wide", 5000, 128, 2500, 500, 0, 0, false);
          case "cap" -> new Scenario("cap", 600, 32, 1000, 200, 8, 0, false);
          case "random429" -> new Scenario("random429", 1500, 32, 1000, 200, 0, 0.10, false);
          case "judged" -> new Scenario("judged", 3000, 32, 200, 40, 0, 0, true);
          default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        };
    if (args.length > 1) {
      s =
          new Scenario(
              s.name,
              Integer.parseInt(args[1]),
              s.concurrency,
              s.latencyMs,
              s.jitterMs,
              s.cap,
              s.rejectShare,
              s.judged);
    }
    if (args.length > 2) {
      s =
          new Scenario(
              s.name,
              s.count,
              Integer.parseInt(args[2]),
              s.latencyMs,
              s.jitterMs,
              s.cap,
              s.rejectShare,
              s.judged);
    }
    if (args.length > 3) {
      long l = Long.parseLong(args[3]);
      s = new Scenario(s.name, s.count, s.concurrency, l, l / 5, s.cap, s.rejectShare, s.judged);
    }
    run(s);
  }

  /**
   * The semantic dedup setting, from {@code BENCH_EMBEDDINGS}: {@code local} (unset: the default,
   * quantized MiniLM on this machine's cores), {@code full} (local, full precision: faster than the
   * quantized model on idle cores, slower on busy ones), {@code endpoint} (the simulator's {@code
   * /v1/embeddings}, as a user with an embedding server configures it: shows what the LLM path
   * reaches when local embedding is not the bound) or {@code off}.
   */
  static String embeddings(LlmSimulator sim) {
    String mode = System.getenv().getOrDefault("BENCH_EMBEDDINGS", "local");
    return switch (mode) {
      case "local" -> "";
      case "full" -> "dedup:\n  semantic:\n    model: all-minilm-l6-v2\n";
      case "off" -> "dedup:\n  semantic:\n    enabled: false\n";
      case "endpoint" ->
          "dedup:\n  semantic:\n    provider: openai\n    base_url: "
              + sim.baseUrl()
              + "\n    model: "
              + LlmSimulator.EMBEDDING_MODEL
              + "\n    api_key_env: \"\"\n";
      default ->
          throw new IllegalArgumentException(
              "BENCH_EMBEDDINGS is '" + mode + "': one of local, full, endpoint, off");
    };
  }

  static void run(Scenario s) throws Exception {
    try (LlmSimulator sim =
        LlmSimulator.builder()
            .latency(Duration.ofMillis(s.latencyMs))
            .jitter(Duration.ofMillis(s.jitterMs))
            .cap(s.cap)
            .rejectShare(s.rejectShare)
            .script(r -> LlmSimulator.realistic(r, 1.0 / 3, 0.03))
            .start()) {
      Path tmp = Files.createTempDirectory("pf-llm-e2e");
      Path config = tmp.resolve("run.yaml");
      // The defaults a user runs: only the endpoint and its concurrency are set.
      Files.writeString(
          config,
          "count: "
              + s.count
              + "\nseed: 5\ngenerator:\n  provider: openai\n  base_url: "
              + sim.baseUrl()
              + "\n  model: sim-model\n  api_key_env: \"\"\n  concurrency: "
              + s.concurrency
              + "\n"
              + (s.judged
                  ? "validation:\n  judges:\n    - name: coherence\n      rubric: builtin:coherence\n"
                  : "")
              + embeddings(sim));
      Path out = tmp.resolve("out");
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add(System.getenv().getOrDefault("BENCH_RUN_XMX", "-Xmx4g"));
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add("io.personaforge.cli.Main");
      cmd.addAll(List.of("run", "--config", config.toString(), "--out", out.toString()));
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("run.log").toFile())
              .start();
      int exit = p.waitFor();
      double wall = (System.nanoTime() - t0) / 1e9;
      JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
      JsonNode llm = summary.path("llm");
      double busy = sim.busySeconds();
      double utilisation = busy / (s.concurrency * wall);
      long calls = sim.requests() - 1; // the first is the probe
      double rejectedShare = (double) sim.rejected() / Math.max(1, calls);
      double answersPerSecond =
          (calls - sim.rejected()) / llm.path("generation_seconds").asDouble();
      List<Integer> inFlight = new ArrayList<>();
      // Seconds with calls in flight (from the 1 s samples): the time the limiter had work. The
      // cap scenario judges the limiter over that time, not over the gaps between rounds, when the
      // pipeline, not the limiter, held the calls back.
      double askingSeconds = 0;
      JsonNode samples = llm.path("in_flight");
      for (int i = 0; i < samples.size(); i++) {
        JsonNode pt = samples.get(i);
        inFlight.add(pt.path("in_flight").asInt());
        if (pt.path("in_flight").asInt() > 0 && i + 1 < samples.size()) {
          askingSeconds += samples.get(i + 1).path("t").asDouble() - pt.path("t").asDouble();
        }
      }
      double answersPerAskingSecond = (calls - sim.rejected()) / Math.max(1e-9, askingSeconds);
      inFlight.sort(Integer::compare);
      int median = inFlight.isEmpty() ? 0 : inFlight.get(inFlight.size() / 2);
      System.out.printf(
          Locale.ROOT,
          "%s (embeddings %s): %d personas, C=%d, latency %d±%d ms%s: exit %d, wall %.1f s (command start to"
              + " exit), rounds %d, accepted %d, revisions %d, duplicates %d; calls %d (%d answered"
              + " 429 = %.1f%%), busy %.0f request-s; UTILISATION %.3f (ideal wall %.1f s);"
              + " generation phase %.1f s, its utilisation %.3f (summary.json); median in flight %d"
              + " (%.2f of C); answers/s over the generation phase %.2f, over the %.0f s with calls"
              + " in flight %.2f (ideal %.2f)%n",
          s.name,
          System.getenv().getOrDefault("BENCH_EMBEDDINGS", "local"),
          s.count,
          s.concurrency,
          s.latencyMs,
          s.jitterMs,
          s.cap > 0
              ? ", server cap " + s.cap
              : s.rejectShare > 0 ? ", random 429 share " + s.rejectShare : "",
          exit,
          wall,
          summary.path("rounds").size(),
          summary.at("/counts/accepted").asLong(),
          summary.at("/validation/revisions").asLong(),
          summary.at("/counts/duplicates").asLong(),
          calls,
          sim.rejected(),
          100 * rejectedShare,
          busy,
          utilisation,
          busy / s.concurrency,
          llm.path("generation_seconds").asDouble(),
          llm.path("utilisation").asDouble(),
          median,
          median / (double) s.concurrency,
          answersPerSecond,
          askingSeconds,
          answersPerAskingSecond,
          (s.cap > 0 ? s.cap : s.concurrency) * 1000.0 / s.latencyMs);
      System.out.println("timings: " + summary.path("timings"));
      if (s.judged) {
        System.out.println("judges: " + summary.at("/validation/judges"));
      }
      double ratio =
          switch (s.name) {
            case "slow" -> utilisation / 0.90;
            case "fast", "judged" -> utilisation / 0.60;
            case "cap" ->
                Math.min(
                    rejectedShare <= 0 ? 99 : 0.05 / rejectedShare,
                    answersPerAskingSecond / (0.85 * s.cap * 1000.0 / s.latencyMs));
            case "random429" -> median / (0.75 * s.concurrency);
            default -> utilisation;
          };
      System.out.printf(
          Locale.ROOT,
          "ratio to aim: %.2f%s%n",
          ratio,
          s.name.equals("wide")
              ? " (this is the utilisation: compare it with C=32's on a quarter of the personas,"
                  + " 'slow COUNT/4 32')"
              : s.name.equals("judged")
                  ? " (the fast aim: compare the utilisation with 'fast')"
                  : "");
      if (exit != 0) {
        System.out.println("the run failed; its log: " + tmp.resolve("run.log"));
      }
    }
  }
}
