package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaforge.generator.sim.LlmSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs against the local OpenAI-compatible LLM simulator, over real HTTP through the real
 * langchain4j client: the propose–validate–revise loop, rejects with every attempt, fail-fast on a
 * refused key, and the response journal.
 */
class LlmRunTest {
  @TempDir Path tmp;
  LlmSimulator sim;

  @BeforeEach
  void startSimulator() {
    sim = LlmSimulator.builder().latency(Duration.ofMillis(5)).start();
  }

  @AfterEach
  void stopSimulator() {
    sim.close();
  }

  private Path config(int count, String extra) throws Exception {
    Path config = tmp.resolve("run.yaml");
    Files.writeString(
        config,
        "count: "
            + count
            + "\nseed: 9\nmax_rounds: 1\ngenerator:\n  provider: openai\n  base_url: "
            + sim.baseUrl()
            + "\n  model: sim-model\n  api_key_env: \"\"\n  concurrency: 4\n  max_retries: 1\n"
            + "  backoff_initial_ms: 10\n  backoff_max_ms: 50\n"
            + "dedup: {semantic: {enabled: false}}\n"
            + extra);
    return config;
  }

  /** The simulator's faithful persona, but first drafts state an age 7 years off. */
  private static LlmSimulator.Reply contradictUnlessRevising(LlmSimulator.Request r, boolean ever) {
    String good = LlmSimulator.personaJson(r, null);
    String age = r.attributes().get("demographics.age");
    boolean revising = r.prompt().contains("Problems to fix");
    if (age == null || (revising && !ever)) {
      return new LlmSimulator.Reply.Content(good);
    }
    String wrong = Integer.toString(Integer.parseInt(age) + 7);
    return new LlmSimulator.Reply.Content(good.replace(age + " years old", wrong + " years old"));
  }

  @Test
  void aContradictionIsRevisedAndTheRevisedPersonaAccepted() throws Exception {
    sim.script(r -> contradictUnlessRevising(r, false));
    Path out = tmp.resolve("out");
    Cli r = Cli.run("run", "--config", config(6, "").toString(), "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      ResultSet rs =
          st.executeQuery(
              "select count(*), min(revisions), max(revisions), min(generator.provider) from read_parquet('"
                  + out
                  + "/personas/*.parquet')");
      rs.next();
      assertEquals(6, rs.getLong(1));
      assertEquals(1, rs.getInt(2), "every persona needed exactly one revision");
      assertEquals(1, rs.getInt(3));
      assertEquals("openai", rs.getString(4));
    }
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(6, s.at("/validation/revisions").asLong());
    assertEquals(0.0, s.at("/validation/hard_error_rate").asDouble());
    assertEquals(12, s.at("/llm/calls").asLong(), s.get("llm").toString());
    assertEquals(13, sim.requests(), "12 persona calls and the probe");
  }

  @Test
  void aPersonaThatStaysWrongIsRejectedWithEveryAttempt() throws Exception {
    sim.script(r -> contradictUnlessRevising(r, true));
    Path out = tmp.resolve("out");
    Cli r = Cli.run("run", "--config", config(3, "").toString(), "--out", out.toString());
    assertEquals(3, r.exit(), "quota short after the only round: " + r.err());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      ResultSet rs =
          st.executeQuery(
              "select count(*), min(len(violations)), max(list_max(list_transform(violations, v -> v.attempt))),"
                  + " min(stage), bool_and(last_output like '%years old%') from read_parquet('"
                  + out
                  + "/rejects/*.parquet')");
      rs.next();
      assertEquals(3, rs.getLong(1));
      assertTrue(rs.getInt(2) >= 3, "a violation for each of the 3 attempts");
      assertEquals(2, rs.getInt(3), "attempts 0, 1 and 2 (max_revisions 2)");
      assertEquals("validation", rs.getString(4));
      assertTrue(rs.getBoolean(5), "the last model output is kept");
    }
  }

  @Test
  void aRefusedKeyStopsTheRunInSecondsWithoutNamingTheKey() throws Exception {
    sim.close();
    sim = LlmSimulator.builder().requiredKey("right-key").start();
    long t0 = System.nanoTime();
    Cli r =
        Cli.run("run", "--config", config(50, "").toString(), "--out", tmp.resolve("o").toString());
    assertEquals(1, r.exit(), r.err());
    assertTrue((System.nanoTime() - t0) / 1e9 < 30, "fails fast");
    assertTrue(r.err().contains(sim.baseUrl()) && r.err().contains("sim-model"), r.err());
    assertTrue(sim.requests() <= 2, "one probe, not a call per persona: " + sim.requests());
  }

  @Test
  void aSecondRunOfTheSameConfigPaysForNoCallTwice() throws Exception {
    Path config = config(8, "");
    Path out = tmp.resolve("out");
    Cli first = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    assertEquals(0, first.exit(), first.err());
    long calls = sim.requests();
    assertTrue(calls >= 8);
    // Pretend the run was interrupted: the state says running, the journal is kept.
    Path state = out.resolve(".personaforge/run.json");
    Files.writeString(state, Files.readString(state).replace("\"finished\"", "\"running\""));
    Cli again = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    assertEquals(0, again.exit(), again.err());
    assertEquals(calls + 1, sim.requests(), "only the probe call is made again");
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(8, s.at("/llm/cache_hits").asLong(), s.get("llm").toString());
  }
}
