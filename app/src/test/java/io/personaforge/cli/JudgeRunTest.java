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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LLM judges in whole runs against the LLM simulator, over real HTTP: a judge catches a degenerate
 * narrative that every rule passes, sends it back with its problems as feedback, records its
 * verdicts on personas and rejects, and an audit judge judges a sample and rejects nobody.
 */
class JudgeRunTest {
  /** What a degenerate model wrote, in front of text every rule accepts. */
  static final String DEGENERATE =
      "Their name is the person's full name. Their narrative is the revised narrative. ";

  static final String PROBLEM = "the narrative is placeholder text, not a life story";

  @TempDir Path tmp;
  LlmSimulator sim;

  @BeforeEach
  void startSimulator() {
    sim = LlmSimulator.builder().latency(Duration.ofMillis(2)).start();
  }

  @AfterEach
  void stopSimulator() {
    sim.close();
  }

  static Path config(Path dir, LlmSimulator sim, int count, String judges) throws Exception {
    Path config = dir.resolve("run.yaml");
    Files.writeString(
        config,
        "count: "
            + count
            + "\nseed: 11\nmax_rounds: 1\ngenerator:\n  provider: openai\n  base_url: "
            + sim.baseUrl()
            + "\n  model: sim-model\n  api_key_env: \"\"\n  concurrency: 4\n  max_retries: 1\n"
            + "  backoff_initial_ms: 10\n  backoff_max_ms: 50\n"
            + "dedup: {semantic: {enabled: false}}\n"
            + "validation:\n  judges:\n"
            + judges);
    return config;
  }

  /**
   * A model that writes degenerate narratives (first drafts only, or always), and a judge that
   * fails them and passes the rest.
   */
  static LlmSimulator.Reply degenerate(LlmSimulator.Request r, boolean always) {
    if (LlmSimulator.isJudge(r)) {
      boolean bad = LlmSimulator.judgedNarrative(r).startsWith("Their name is");
      return new LlmSimulator.Reply.Content(
          bad
              ? LlmSimulator.verdictJson(false, 1, List.of(PROBLEM))
              : LlmSimulator.verdictJson(true, 5, List.of()));
    }
    boolean revising = r.prompt().contains("Problems to fix");
    String good = new ObjectMapper().createObjectNode().toString();
    try {
      JsonNode persona = new ObjectMapper().readTree(LlmSimulator.personaJson(r, null));
      good = persona.get("narrative").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new LlmSimulator.Reply.Content(
        LlmSimulator.personaJson(r, revising && !always ? good : DEGENERATE + good));
  }

  static ResultSet query(Statement st, String sql) throws Exception {
    ResultSet rs = st.executeQuery(sql);
    rs.next();
    return rs;
  }

  @Test
  void aDegenerateDraftFailsTheJudgeAndItsRevisionPasses() throws Exception {
    sim.script(r -> degenerate(r, false));
    Path out = tmp.resolve("out");
    Path config = config(tmp, sim, 6, "    - name: coherence\n      rubric: builtin:coherence\n");
    Cli r = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      ResultSet rs =
          query(
              st,
              "select count(*), min(revisions), max(revisions),"
                  + " bool_and(judges[1].verdict = 'fail' and judges[1].attempt = 0"
                  + " and judges[1].problems[1] = '"
                  + PROBLEM
                  + "'),"
                  + " bool_and(judges[2].verdict = 'pass' and judges[2].attempt = 1),"
                  + " max(len(judges)), bool_and(narrative not like 'Their name is%')"
                  + " from read_parquet('"
                  + out
                  + "/personas/*.parquet')");
      assertEquals(6, rs.getLong(1));
      assertEquals(1, rs.getInt(2), "the judge's fail sent every persona back once");
      assertEquals(1, rs.getInt(3));
      assertTrue(rs.getBoolean(4), "the first draft's verdict: fail, with the judge's problem");
      assertTrue(rs.getBoolean(5), "the revision's verdict: pass");
      assertEquals(2, rs.getInt(6));
      assertTrue(rs.getBoolean(7), "the accepted narratives are the revisions");
    }
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    JsonNode j = s.at("/validation/judges/coherence");
    assertEquals(6, j.path("personas").asLong(), j.toString());
    assertEquals(12, j.path("verdicts").asLong(), j.toString());
    assertEquals(0.5, j.path("pass_rate").asDouble(), j.toString());
    assertEquals(1.0, j.path("final_pass_rate").asDouble(), j.toString());
    assertEquals(6, j.at("/scores/1").asLong(), j.toString());
    assertEquals(6, j.at("/scores/5").asLong(), j.toString());
    assertEquals(PROBLEM, j.at("/top_problems/0/problem").asText(), j.toString());
    assertEquals(6, j.at("/top_problems/0/count").asLong(), j.toString());
    assertEquals(12, j.path("requests").asLong(), j.toString());
    assertTrue(j.path("request_seconds").asDouble() > 0, j.toString());
    // 12 drafts and revisions + 12 verdicts, all counted in the LLM figures; and the probe.
    assertEquals(24, s.at("/llm/calls").asLong(), s.get("llm").toString());
    assertEquals(25, sim.requests());
    assertTrue(
        r.out().contains("judge coherence: 6 personas judged, final pass rate 1.000; 12 verdicts"),
        r.out());
    String report = Files.readString(out.resolve("report.html"));
    assertTrue(report.contains("LLM judges") && report.contains(PROBLEM), "the report shows it");
  }

  @Test
  void aNarrativeThatStaysDegenerateIsRejectedWithTheJudgesProblems() throws Exception {
    sim.script(r -> degenerate(r, true));
    Path out = tmp.resolve("out");
    Path config = config(tmp, sim, 3, "    - name: coherence\n      rubric: builtin:coherence\n");
    Cli r = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    assertEquals(3, r.exit(), "every persona rejected, the quota short: " + r.err());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      ResultSet rs =
          query(
              st,
              "select count(*), min(stage), bool_and(len(judges) = 3),"
                  + " bool_and(list_bool_and(list_transform(judges, v -> v.verdict = 'fail'))),"
                  + " bool_and(list_bool_and(list_transform(violations,"
                  + " v -> v.rule = 'coherence' and v.message = '"
                  + PROBLEM
                  + "'))), min(len(violations)), min(reason)"
                  + " from read_parquet('"
                  + out
                  + "/rejects/*.parquet')");
      assertEquals(3, rs.getLong(1));
      assertEquals("validation", rs.getString(2));
      assertTrue(rs.getBoolean(3), "a verdict for each of the 3 attempts (max_revisions 2)");
      assertTrue(rs.getBoolean(4), "every verdict a fail");
      assertTrue(rs.getBoolean(5), "the violations are the judge's problems");
      assertEquals(3, rs.getInt(6));
      assertTrue(rs.getString(7).contains("coherence"), rs.getString(7));
    }
  }

  @Test
  void anAuditJudgeJudgesAboutAFifthAndRejectsNone() throws Exception {
    AtomicInteger judged = new AtomicInteger();
    sim.script(
        r -> {
          if (LlmSimulator.isJudge(r)) {
            judged.incrementAndGet();
            return new LlmSimulator.Reply.Content(
                LlmSimulator.verdictJson(false, 2, List.of("too generic")));
          }
          return LlmSimulator.defaultReply(r);
        });
    Path out = tmp.resolve("out");
    int count = 60;
    Path config =
        config(
            tmp,
            sim,
            count,
            "    - name: audit\n      rubric: Is it specific?\n      sample: 0.2\n");
    // The simulator's look-alike narratives would be taken for duplicates: every persona is kept.
    Files.writeString(
        config,
        Files.readString(config)
            .replace("dedup: {semantic: {enabled: false}}", "dedup: {enabled: false}"));
    Cli r = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(0, r.exit(), r.err() + s.get("counts"));
    assertEquals(count, s.at("/counts/accepted").asLong());
    assertEquals(0, s.at("/counts/rejected").asLong());
    JsonNode j = s.at("/validation/judges/audit");
    assertEquals("warning", j.path("severity").asText());
    long personas = j.path("personas").asLong();
    // Chosen by a hash of the id: about a fifth (0.2 × 60 = 12; binomial sd ≈ 3).
    assertTrue(personas >= 4 && personas <= 22, j.toString());
    assertEquals(personas, judged.get(), "one call per persona judged, none for the others");
    assertEquals(personas, j.path("verdicts").asLong(), "no revision: a warning is recorded");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      ResultSet rs =
          query(
              st,
              "select count(*) filter (where len(judges) > 0),"
                  + " count(*) filter (where list_contains(warnings, 'audit: too generic')),"
                  + " max(revisions) from read_parquet('"
                  + out
                  + "/personas/*.parquet')");
      assertEquals(personas, rs.getLong(1));
      assertEquals(personas, rs.getLong(2), "the audit's fail is a warning on the persona");
      assertEquals(0, rs.getInt(3));
    }
  }

  @Test
  void judgesWithTheOfflineWriterNeedAModelOfTheirOwn() throws Exception {
    Path config = tmp.resolve("offline.yaml");
    Files.writeString(
        config,
        "count: 5\nvalidation:\n  judges:\n    - name: coherence\n      rubric: builtin:coherence\n");
    Cli r = Cli.run("run", "--config", config.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(
        r.err().contains(":4:7 validation.judges[0]: judge 'coherence' needs an LLM"), r.err());
    Files.writeString(
        config,
        "count: 5\nvalidation:\n  judges:\n    - name: coherence\n      rubric: builtin:nope\n"
            + "      model: {provider: openai, base_url: "
            + sim.baseUrl()
            + ", model: sim-model, api_key_env: \"\"}\n");
    r = Cli.run("validate-config", config.toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(
        r.err().contains("validation.judges[0].rubric: unknown built-in rubric 'builtin:nope'"),
        r.err());
    Files.writeString(
        config,
        "count: 5\nvalidation:\n  judges:\n    - name: audit\n      rubric: x\n"
            + "      sample: 0.2\n      severity: error\n");
    r = Cli.run("validate-config", config.toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("validation.judges[0].severity: judge 'audit'"), r.err());
    Files.writeString(
        config, "count: 5\nvalidation:\n  judges:\n    - name: Bad Name\n      rubric: x\n");
    r = Cli.run("validate-config", config.toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains(":4:7 validation.judges[0].name: a judge's name must be"), r.err());
    Files.writeString(
        config,
        "count: 5\nvalidation:\n  judges:\n    - name: audit\n      rubric: Is it specific?\n"
            + "      sample: 0.25\n"
            + "      model: {provider: openai, base_url: "
            + sim.baseUrl()
            + ", model: grader, api_key_env: \"\"}\n");
    r = Cli.run("validate-config", config.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out()
            .contains(
                "judge audit: warning, audits a sample of 0.25 of the personas, model grader at "
                    + sim.baseUrl()),
        r.out());
  }

  @Test
  void anOfflineWriterIsJudgedByAJudgeWithItsOwnModel() throws Exception {
    AtomicInteger judged = new AtomicInteger();
    sim.script(
        r -> {
          judged.incrementAndGet();
          return LlmSimulator.defaultReply(r);
        });
    Path config = tmp.resolve("offline.yaml");
    Files.writeString(
        config,
        "count: 8\nmax_rounds: 1\ndedup: {semantic: {enabled: false}}\nvalidation:\n  judges:\n"
            + "    - name: coherence\n      rubric: builtin:coherence\n"
            + "      model: {provider: openai, base_url: "
            + sim.baseUrl()
            + ", model: sim-model, api_key_env: \"\"}\n");
    Path out = tmp.resolve("out");
    Cli r = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    assertTrue(r.exit() == 0 || r.exit() == 3, r.err());
    JsonNode j =
        new ObjectMapper().readTree(out.resolve("summary.json").toFile()).at("/validation/judges");
    assertTrue(j.at("/coherence/verdicts").asLong() >= 1, j.toString());
    assertEquals(1.0, j.at("/coherence/pass_rate").asDouble(), j.toString());
  }

  @Test
  void judgesGiveTheSameVerdictsOnDirectAndOnEmbeddedFlink() throws Exception {
    sim.script(r -> degenerate(r, false));
    Path config = config(tmp, sim, 6, "    - name: coherence\n      rubric: builtin:coherence\n");
    Path direct = tmp.resolve("direct");
    Path flink = tmp.resolve("flink");
    Cli d = Cli.run("run", "--config", config.toString(), "--out", direct.toString());
    assertEquals(0, d.exit(), d.err());
    Cli f =
        Cli.run(
            "run",
            "--config",
            config.toString(),
            "--out",
            flink.toString(),
            "--runner",
            "flink",
            "--parallelism",
            "2",
            "--fresh");
    assertEquals(0, f.exit(), f.err());
    assertEquals(verdicts(direct), verdicts(flink));
  }

  /** Each persona's id, narrative and verdicts (without their request time), in id order. */
  static List<String> verdicts(Path out) throws Exception {
    List<String> rows = new java.util.ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select id || ' ' || narrative || ' ' || list_transform(judges, v -> v.attempt || v.judge"
                    + " || v.verdict || v.score || array_to_string(v.problems, ';'))::varchar"
                    + " from read_parquet('"
                    + out
                    + "/personas/*.parquet') order by id")) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    assertEquals(6, rows.size());
    return rows;
  }
}
