package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.sim.LlmSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run in its own JVM, killed halfway (SIGKILL: no shutdown hooks, no cleanup), then run again:
 * the second run makes no call whose answer was journaled before the kill, and the corpus equals an
 * uninterrupted run's. The API key, passed through the environment, appears in no output file and
 * no log line.
 */
class KillAndResumeTest {
  private static final String KEY = "sk-test-4f7c1d9e-never-print-me";

  @Test
  void aKilledRunResumesWithoutPayingTwiceAndNeverLeaksTheKey(@TempDir Path tmp) throws Exception {
    try (LlmSimulator sim =
        LlmSimulator.builder().latency(Duration.ofMillis(150)).requiredKey(KEY).start()) {
      Path config = config(tmp, sim, 21, 2);
      // An uninterrupted run first: how many calls the whole corpus costs.
      Path clean = runUninterrupted(config, tmp);
      long cleanCalls = sim.requests();

      Path out = tmp.resolve("out");
      Path log1 = tmp.resolve("first.log");
      Process first = start(config, out, log1);
      // Kill once some answers are journaled but well before the corpus is done.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (sim.requests() < cleanCalls + 12 && System.nanoTime() < deadline && first.isAlive()) {
        Thread.sleep(20);
      }
      assertTrue(first.isAlive(), "the first run must still be running when killed");
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      Thread.sleep(300); // requests in flight at the kill reach the simulator and are dropped
      long journaled = journaledAnswers(out.resolve(".cache"));
      assertTrue(journaled >= 5, "answers were journaled before the kill: " + journaled);
      long before = sim.requests();

      Path log2 = tmp.resolve("second.log");
      Process second = start(config, out, log2);
      assertTrue(second.waitFor(180, TimeUnit.SECONDS), "the resumed run finishes");
      assertEquals(0, second.exitValue(), Files.readString(log2));
      assertTrue(Files.readString(log2).contains("Resuming"), Files.readString(log2));
      assertEquals(
          cleanCalls - journaled,
          sim.requests() - before,
          "the resumed run pays for exactly the answers not journaled before the kill");
      assertEquals(
          EndToEndTest.rows(clean), EndToEndTest.rows(out), "same corpus as an uninterrupted run");

      assertTrue(Files.isRegularFile(out.resolve("report.html")), "the report is checked too");
      for (Path f : files(tmp)) {
        String name = f.getFileName().toString();
        byte[] bytes = Files.readAllBytes(f);
        assertFalse(
            new String(bytes, StandardCharsets.ISO_8859_1).contains(KEY),
            "the key leaked into " + f);
        assertFalse(name.contains(KEY));
      }
    }
  }

  @Test
  void anInterruptedRunJournalsEveryAnswerInFlightAndResumesAskingNothingAgain(@TempDir Path tmp)
      throws Exception {
    try (LlmSimulator sim =
        LlmSimulator.builder().latency(Duration.ofMillis(400)).requiredKey(KEY).start()) {
      Path config = config(tmp, sim, 22, 4);
      Path clean = runUninterrupted(config, tmp);
      long cleanCalls = sim.requests();

      Path out = tmp.resolve("out");
      Path log1 = tmp.resolve("first.log");
      Process first = start(config, out, log1);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (sim.requests() < cleanCalls + 10 && System.nanoTime() < deadline && first.isAlive()) {
        Thread.sleep(20);
      }
      assertTrue(first.isAlive(), "the first run must still be running when interrupted");
      // SIGTERM, which the JVM handles like Ctrl-C's SIGINT (the same shutdown hooks) even when
      // the test runs in the background, where a shell leaves SIGINT ignored.
      first.destroy();
      assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the interrupted run exits");
      String said = Files.readString(log1);
      assertEquals(143, first.exitValue(), said);
      assertTrue(said.contains("interrupted — run the same command to resume"), said);
      long firstCalls = sim.requests() - cleanCalls;
      long journaled = journaledAnswers(out.resolve(".cache"));
      assertEquals(
          firstCalls - 1, journaled, "every answer the interrupted run asked for is journaled");

      long before = sim.requests();
      Path log2 = tmp.resolve("second.log");
      Process second = start(config, out, log2);
      assertTrue(second.waitFor(180, TimeUnit.SECONDS), "the resumed run finishes");
      assertEquals(0, second.exitValue(), Files.readString(log2));
      assertTrue(Files.readString(log2).contains("Resuming"), Files.readString(log2));
      assertEquals(
          cleanCalls - journaled,
          sim.requests() - before,
          "the resumed run asks nothing the interrupted one asked");
      assertEquals(
          EndToEndTest.rows(clean), EndToEndTest.rows(out), "same corpus as an uninterrupted run");
    }
  }

  /** 40 personas from the simulator, the key read from PF_TEST_KEY. */
  private static Path config(Path tmp, LlmSimulator sim, long seed, int concurrency)
      throws IOException {
    Path config = tmp.resolve("run.yaml");
    Files.writeString(
        config,
        "count: 40\nseed: "
            + seed
            + "\ngenerator:\n  provider: openai\n  base_url: "
            + sim.baseUrl()
            + "\n  model: sim-model\n  api_key_env: PF_TEST_KEY\n  concurrency: "
            + concurrency
            + "\ndedup: {semantic: {enabled: false}}\n");
    return config;
  }

  /** Runs {@code config} to its end in tmp/clean; that folder. */
  private static Path runUninterrupted(Path config, Path tmp) throws Exception {
    Path clean = tmp.resolve("clean");
    Process uninterrupted = start(config, clean, tmp.resolve("clean.log"));
    assertTrue(uninterrupted.waitFor(180, TimeUnit.SECONDS));
    assertEquals(0, uninterrupted.exitValue(), Files.readString(tmp.resolve("clean.log")));
    return clean;
  }

  private static Process start(Path config, Path out, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of("run", "--config", config.toString(), "--out", out.toString(), "--debug"));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("PF_TEST_KEY", KEY);
    return pb.start();
  }

  /** Complete journal records (a torn last line does not count). */
  private static long journaledAnswers(Path cache) throws IOException {
    long n = 0;
    for (Path f : files(cache)) {
      if (f.toString().endsWith(".jsonl")) {
        String text = Files.readString(f);
        n += text.chars().filter(c -> c == '\n').count();
      }
    }
    return n;
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
