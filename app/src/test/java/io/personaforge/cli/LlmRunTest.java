package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaforge.generator.sim.LlmSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.TreeMap;
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
  void retriesAreCountedByCause() throws Exception {
    sim.script(LlmSimulator.faultFirst(LlmSimulator.Fault.SERVER_ERROR, 1, Duration.ZERO));
    Path out = tmp.resolve("out");
    Cli r = Cli.run("run", "--config", config(6, "").toString(), "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    JsonNode llm = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("llm");
    assertEquals(6, llm.path("retries").asLong(), llm.toString());
    assertEquals(6, llm.at("/retries_by_cause/server_error").asLong(), llm.toString());
    assertEquals(1, llm.get("retries_by_cause").size(), llm.toString());
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

  /**
   * The summary's validation figures and leaf coverage are sums over the settled personas, tallied
   * as they are written (never Beam counters): here they equal what DuckDB counts in the tables.
   */
  @Test
  void validationFiguresAndLeafCoverageAreCountedFromTheWrittenPersonas() throws Exception {
    // Personas of an odd age stay wrong through every revision; the others are fixed by one.
    sim.script(
        r ->
            contradictUnlessRevising(
                r,
                Integer.parseInt(r.attributes().getOrDefault("demographics.age", "0")) % 2 == 1));
    Path out = tmp.resolve("out");
    Cli r = Cli.run("run", "--config", config(12, "").toString(), "--out", out.toString());
    assertTrue(r.exit() == 0 || r.exit() == 3, r.err());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(
        0, s.at("/counts/duplicates").asLong() + s.at("/counts/surplus").asLong(), "setup");
    JsonNode v = s.get("validation");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      String personas = "read_parquet('" + out + "/personas/*.parquet')";
      String rejects = "read_parquet('" + out + "/rejects/*.parquet')";
      ResultSet p =
          st.executeQuery(
              "select count(*), sum(revisions), count(*) filter (where revisions > 0) from "
                  + personas);
      p.next();
      long accepted = p.getLong(1);
      long acceptedRevisions = p.getLong(2);
      long acceptedRevised = p.getLong(3);
      // A persona rejected by validation made one attempt more than its last revision's number.
      ResultSet q =
          st.executeQuery(
              "select count(*), sum(last), count(*) filter (where last > 0), sum(failures) from"
                  + " (select list_max(list_transform(violations, x -> x.attempt)) as last,"
                  + " len(list_distinct(list_transform(violations, x -> x.attempt || x.rule)))"
                  + " as failures from "
                  + rejects
                  + " where stage = 'validation')");
      q.next();
      long rejected = q.getLong(1);
      long rejectedRevisions = q.getLong(2);
      assertTrue(accepted > 0 && rejected > 0, "both outcomes: " + accepted + ", " + rejected);
      assertEquals(accepted, v.get("accepted").asLong(), v.toString());
      assertEquals(rejected, v.get("rejected").asLong(), v.toString());
      assertEquals(accepted + rejected, v.get("personas_validated").asLong(), v.toString());
      assertEquals(acceptedRevisions + rejectedRevisions, v.get("revisions").asLong());
      assertEquals(acceptedRevised + q.getLong(3), v.get("personas_revised").asLong());
      assertEquals(
          accepted + acceptedRevisions + rejected + rejectedRevisions, v.get("attempts").asLong());
      long failed = 0;
      for (JsonNode rule : v.get("rules")) {
        failed += rule.get("failed").asLong();
      }
      // Every failed attempt of an accepted persona failed one rule (the age it contradicted).
      assertEquals(acceptedRevisions + q.getLong(4), failed, v.toString());
      ResultSet leaves =
          st.executeQuery(
              "select count(distinct k) from (select unnest(map_keys(attributes)) as k from "
                  + personas
                  + " union all select unnest(map_keys(attributes)) from "
                  + rejects
                  + ")");
      leaves.next();
      assertEquals(leaves.getLong(1), s.at("/leaf_coverage/used").asLong());
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
  void aFailedProbeLeavesTheOutputFolderForTheCorrectedRun() throws Exception {
    Path out = tmp.resolve("o");
    Path wrong = tmp.resolve("wrong.yaml");
    Files.writeString(
        wrong, Files.readString(config(6, "")).replace("model: sim-model", "model: no-such-model"));
    Cli failed = Cli.run("run", "--config", wrong.toString(), "--out", out.toString());
    assertEquals(1, failed.exit(), failed.err());
    assertTrue(failed.err().contains("no-such-model"), failed.err());
    assertFalse(
        Files.exists(out) && Files.list(out).findAny().isPresent(),
        "nothing was written to " + out);
    Cli fixed = Cli.run("run", "--config", config(6, "").toString(), "--out", out.toString());
    assertEquals(0, fixed.exit(), fixed.err());
  }

  @Test
  void aServerThatIsDownIsNamedWithWhatToCheck() throws Exception {
    String url = sim.baseUrl();
    sim.close();
    Cli r =
        Cli.run("run", "--config", config(6, "").toString(), "--out", tmp.resolve("o").toString());
    assertEquals(1, r.exit(), r.err());
    String hostPort = url.replaceFirst("^http://", "").replaceFirst("/v1$", "");
    assertTrue(
        r.err().contains("connection refused at " + hostPort + " — is the server running?"),
        r.err());
  }

  @Test
  void theSummaryShowsHowBusyTheEndpointWasKept() throws Exception {
    Path out = tmp.resolve("out");
    Cli r = Cli.run("run", "--config", config(24, "").toString(), "--out", out.toString());
    // One round only: the simulator's look-alike narratives may leave a cell short (exit 3).
    assertTrue(r.exit() == 0 || r.exit() == 3, r.err());
    JsonNode llm = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("llm");
    double busy = llm.get("busy_request_seconds").asDouble();
    double wall = llm.get("generation_seconds").asDouble();
    assertTrue(busy > 0 && wall > 0, llm.toString());
    // Both figures are rounded to milliseconds in the summary: a short phase shifts the ratio.
    assertEquals(busy / (4 * wall), llm.get("utilisation").asDouble(), 0.02, llm.toString());
    assertTrue(llm.get("utilisation").asDouble() <= 1.0, llm.toString());
    // Sampled once a second: a run this short may have no sample, but the series is there.
    assertTrue(llm.get("in_flight").isArray(), llm.toString());
    for (JsonNode p : llm.get("in_flight")) {
      assertTrue(p.get("in_flight").asInt() <= 4 && p.get("limit").asInt() <= 4, p.toString());
    }
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

  @Test
  void lossesInTwoCellsAreRefilledUntilEveryCellIsExact() throws Exception {
    // 30% of the south's personas stay wrong through every revision; 10% of the west's come back
    // with one same narrative (all but the first are duplicates). Chosen by a hash of the persona's
    // attributes, so a persona keeps its fate across its revisions.
    // The west's copies: the persona's own faithful text plus one long shared passage, so they pass
    // validation but are near duplicates of each other (shingle Jaccard well above 0.5).
    String shared = sharedPassage(3000);
    sim.script(
        r -> {
          try {
            String region = r.attributes().getOrDefault("location.region", "");
            int h = Math.floorMod(new TreeMap<>(r.attributes()).toString().hashCode(), 100);
            if (region.equals("south") && h < 30) {
              return contradictUnlessRevising(r, true);
            }
            if (region.equals("west") && h < 10) {
              String own =
                  new ObjectMapper()
                      .readTree(LlmSimulator.personaJson(r, null))
                      .get("narrative")
                      .asText();
              return new LlmSimulator.Reply.Content(
                  LlmSimulator.personaJson(r, own + " " + shared));
            }
            return LlmSimulator.defaultReply(r);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    Path out = tmp.resolve("out");
    Path config =
        config(
            160,
            "validation: {max_words: 5000}\nquotas:\n  - attribute: location.region\n"
                + "    shares: {northeast: 0.25, midwest: 0.25, south: 0.25, west: 0.25}\n");
    // The simulator's own narratives are attribute lists that share many word triples (Jaccard
    // about 0.5 between different people); the planted copies share a long passage (about 0.7).
    Files.writeString(
        config,
        Files.readString(config)
            .replace("max_rounds: 1", "max_rounds: 4")
            .replace(
                "dedup: {semantic: {enabled: false}}",
                "dedup: {semantic: {enabled: false}, lexical: {threshold: 0.65}}"));
    Cli r = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    for (JsonNode q : s.get("quotas")) {
      assertEquals(40, q.get("achieved").asLong(), q.toString());
    }
    assertTrue(s.get("rounds").size() <= 4, s.get("rounds").toString());
    assertTrue(s.at("/counts/balanced").asBoolean(), s.toString());
    long rejected = 0;
    long duplicates = 0;
    for (JsonNode round : s.get("rounds")) {
      assertEquals(
          round.get("generated").asLong(),
          round.get("accepted").asLong()
              + round.get("rejected").asLong()
              + round.get("duplicates").asLong()
              + round.get("surplus").asLong(),
          round.toString());
      rejected += round.get("rejected").asLong();
      duplicates += round.get("duplicates").asLong();
    }
    assertTrue(rejected > 0 && duplicates > 0, s.get("rounds").toString());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      ResultSet rs =
          st.executeQuery(
              "select count(*) from read_parquet('"
                  + out
                  + "/rejects/*.parquet')"
                  + " where cell = 'location.region=south' and violations[1].rule = 'age_consistency'");
      rs.next();
      assertTrue(rs.getLong(1) > 0, "the south's personas that stay wrong are rejected, with why");
      String marker = shared.substring(0, 60);
      rs =
          st.executeQuery(
              "select count(*) from read_parquet('"
                  + out
                  + "/personas/*.parquet')"
                  + " where contains(narrative, '"
                  + marker
                  + "')");
      rs.next();
      assertEquals(1, rs.getLong(1), "of the near-copies, only the first survives");
      rs =
          st.executeQuery(
              "select count(*) from read_parquet('"
                  + out
                  + "/duplicates/*.parquet')"
                  + " where contains(narrative, '"
                  + marker
                  + "')");
      rs.next();
      assertTrue(rs.getLong(1) > 0, "near-copies are in the duplicates table");
    }
  }

  @Test
  void studentsFromAModelKeepTheirSampledNamesAndStyleAndNoneIsRejectedForItsName()
      throws Exception {
    // The simulator answers as a model does (its realistic mode: a story of its own, the name the
    // prompt gives), so every name comes from the sampled distribution, never from the model.
    java.util.List<String> prompts =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    sim.script(
        r -> {
          prompts.add(r.prompt());
          return LlmSimulator.realistic(r, 0.0, 0.0);
        });
    Path out = tmp.resolve("out");
    Path config =
        config(
            60,
            "taxonomy: builtin:students\nvalidation: {max_words: 5000}\nquotas:\n"
                + "  - attribute: school.grade\n"
                + "    shares: {\"1-4\": 0.34, \"5-8\": 0.33, \"9-12\": 0.33}\n");
    Cli r = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(60, s.at("/counts/accepted").asLong(), s.get("counts").toString());
    java.util.List<String> personaPrompts =
        prompts.stream().filter(p -> p.contains("The person's name is ")).toList();
    assertEquals(60, personaPrompts.size(), "every persona call gives the sampled name");
    for (String p : personaPrompts) {
      assertTrue(p.contains("- voice: ") && p.contains("- what to dwell on: "), p);
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      ResultSet rs =
          st.executeQuery(
              "select count(*) from read_parquet('"
                  + out
                  + "/personas/*.parquet') where fields['name'] = attributes['demographics.first_name']"
                  + " || ' ' || attributes['demographics.last_name']");
      rs.next();
      assertEquals(60, rs.getLong(1), "each persona is named by its sampled name");
      if (s.at("/counts/rejected").asLong() > 0) {
        rs =
            st.executeQuery(
                "select count(*) from read_parquet('"
                    + out
                    + "/rejects/*.parquet') where list_contains(list_transform(violations, v ->"
                    + " v.rule), 'first_name_cap') or list_contains(list_transform(violations, v"
                    + " -> v.rule), 'sampled_name')");
        rs.next();
        assertEquals(0, rs.getLong(1), "no persona is rejected for its name");
      }
    }
  }

  /** A deterministic passage of {@code words} varied words (many distinct shingles). */
  private static String sharedPassage(int words) {
    String[] vocab = {
      "river", "garden", "lantern", "harvest", "pebble", "meadow", "violin", "compass", "orchard",
      "thunder", "saddle", "biscuit", "harbor", "quilt", "falcon", "canyon", "marble", "willow",
      "ember", "thistle", "anchor", "velvet", "prairie", "glacier", "ribbon", "cobalt", "juniper"
    };
    SplittableRandom rnd = new SplittableRandom(42);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      sb.append(i == 0 ? "" : " ").append(vocab[rnd.nextInt(vocab.length)]);
    }
    return sb.append('.').toString();
  }
}
