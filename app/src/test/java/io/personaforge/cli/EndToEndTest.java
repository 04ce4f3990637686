package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the quickstart through the command line, as a user would, and reads the corpus back with
 * DuckDB — an independent Parquet reader, the way users' tools read it.
 */
class EndToEndTest {
  @TempDir static Path tmp;
  static Path quickstart;
  static Path first;
  static Cli firstRun;

  @BeforeAll
  static void runQuickstartOnce() {
    quickstart = Cli.repoRoot().resolve("examples/quickstart.yaml");
    first = tmp.resolve("quickstart");
    firstRun = Cli.run("run", "--config", quickstart.toString(), "--out", first.toString());
  }

  @Test
  void duckDbCountsExactlyTheConfiguredNumberOfPersonas() throws Exception {
    assertEquals(0, firstRun.exit(), firstRun.err());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      ResultSet rs =
          st.executeQuery("select count(*) from read_parquet('" + first + "/personas/*.parquet')");
      rs.next();
      assertEquals(200, rs.getLong(1));
      rs =
          st.executeQuery(
              "select count(*), count(distinct id), min(cast(attributes['demographics.age'] as int)),"
                  + " sum(case when attributes['demographics.gender'] = 'female' then 1 else 0 end),"
                  + " min(length(narrative)), count(distinct generator.provider), min(run_seed), max(round)"
                  + " from read_parquet('"
                  + first
                  + "/personas/*.parquet')");
      rs.next();
      assertEquals(200, rs.getLong(2), "ids are unique");
      assertTrue(rs.getInt(3) >= 18, "adults only");
      assertEquals(102, rs.getLong(4), "female share 0.508 of 200, rounded by largest remainder");
      assertTrue(rs.getInt(5) > 100, "narratives are written");
      assertEquals(1, rs.getLong(6));
      assertEquals(42, rs.getLong(7));
      assertEquals(0, rs.getLong(8));
      for (String table : List.of("rejects", "duplicates")) {
        rs =
            st.executeQuery(
                "select count(*) from read_parquet('" + first + "/" + table + "/*.parquet')");
        rs.next();
        assertEquals(0, rs.getLong(1), table + " is empty but readable");
      }
      rs =
          st.executeQuery(
              "select narrative, fields['name'] from read_parquet('"
                  + first
                  + "/personas/*.parquet') limit 1");
      rs.next();
      assertTrue(
          rs.getString(1).startsWith(rs.getString(2).split(" ")[0])
              || rs.getString(1).contains(rs.getString(2)),
          "the narrative names the persona: " + rs.getString(1));
    }
  }

  @Test
  void summaryAndResolvedConfigSitBesideTheCorpus() throws Exception {
    assertEquals(0, firstRun.exit(), firstRun.err());
    JsonNode s = new ObjectMapper().readTree(first.resolve("summary.json").toFile());
    assertEquals(200, s.at("/counts/target").asLong());
    assertEquals(200, s.at("/counts/generated").asLong());
    assertEquals(200, s.at("/counts/accepted").asLong());
    assertEquals(0, s.at("/counts/rejected").asLong());
    assertEquals(0, s.at("/counts/duplicates").asLong());
    assertTrue(s.at("/counts/balanced").asBoolean());
    assertEquals(0, s.at("/llm/calls").asLong(), "the offline writer calls no LLM");
    assertEquals("direct", s.get("runner").asText());
    assertTrue(s.get("seconds").asDouble() > 0);
    assertEquals(2, s.get("quotas").size());
    for (JsonNode q : s.get("quotas")) {
      assertEquals(q.get("target").asLong(), q.get("achieved").asLong(), q.toString());
    }
    String resolved = Files.readString(first.resolve("run.yaml"));
    assertTrue(resolved.contains("max_revisions: 2"), "defaults are filled in: " + resolved);
    assertTrue(firstRun.out().contains("200 of 200 personas accepted"), firstRun.out());
  }

  @Test
  void summaryHoldsQuotaFitCorpusMetricsAndTimings() throws Exception {
    assertEquals(0, firstRun.exit(), firstRun.err());
    JsonNode s = new ObjectMapper().readTree(first.resolve("summary.json").toFile());
    for (JsonNode q : s.get("quotas")) {
      assertEquals(0, q.get("difference").asLong(), q.toString());
    }
    JsonNode fit = s.at("/quota_fit/0");
    assertEquals("demographics.gender", fit.at("/attributes/0").asText());
    assertEquals(0.004, fit.get("total_absolute_error").asDouble(), 1e-9, "102/200 vs 0.508");
    assertTrue(
        fit.get("kl_divergence").asDouble() > 0 && fit.get("kl_divergence").asDouble() < 1e-4);
    JsonNode c = s.get("corpus");
    assertEquals(200, c.get("personas").asLong());
    assertEquals(200, c.at("/distinct_n/sample").asLong(), "a small corpus is measured whole");
    assertEquals(200, c.at("/nn_similarity/sample").asLong());
    assertEquals(0.5, c.at("/nn_similarity/dedup_threshold").asDouble());
    double nnMean = c.at("/nn_similarity/mean").asDouble();
    assertTrue(nnMean > 0 && nnMean < 0.5, "below the dedup threshold: " + nnMean);
    assertEquals(200, c.at("/first_names/named").asLong());
    long words = 0;
    for (JsonNode b : c.at("/narrative_words/histogram")) {
      words += b.get("count").asLong();
    }
    assertEquals(200, words, "every persona in the length histogram");
    long women = 0;
    for (JsonNode v : c.at("/attributes/demographics.gender")) {
      women += v.get("value").asText().equals("female") ? v.get("count").asLong() : 0;
    }
    assertEquals(102, women, "the corpus read back agrees with the quota");
    assertTrue(s.at("/rounds/0/seconds").asDouble() > 0);
    for (String phase : List.of("planning", "prepare", "rounds", "tables", "metrics", "report")) {
      assertTrue(s.at("/timings/" + phase).isNumber(), phase);
    }
    assertTrue(s.at("/timings/rounds").asDouble() > 0);
  }

  @Test
  void offATerminalTheRunPrintsOneLinePerRoundAndAOneScreenSummary() {
    assertEquals(0, firstRun.exit(), firstRun.err());
    assertFalse(firstRun.err().contains("\r"), "no progress line rewritten in a log");
    assertTrue(firstRun.err().contains("Round 0: 200 drawn"), firstRun.err());
    for (String line : List.of("quotas: ", "validation: ", "diversity: ", "llm: ", "time: ")) {
      assertTrue(firstRun.out().contains(line), line + " in " + firstRun.out());
    }
    assertTrue(firstRun.out().lines().count() <= 24, "one screen: " + firstRun.out());
    assertTrue(firstRun.out().contains("report.html"), firstRun.out());
  }

  @Test
  void theReportIsWrittenBesideTheCorpusAndCanBeWrittenAgain() throws Exception {
    assertEquals(0, firstRun.exit(), firstRun.err());
    Path report = first.resolve("report.html");
    String written = Files.readString(report);
    Files.delete(report);
    Cli again = Cli.run("report", first.toString());
    assertEquals(0, again.exit(), again.err());
    String rewritten = Files.readString(report);
    assertEquals(charts(written), charts(rewritten));
    assertTrue(
        charts(written).stream().anyMatch(c -> c.startsWith("quota:demographics.gender=")),
        charts(written).toString());
    assertEquals(2, Cli.run("report", tmp.resolve("nowhere").toString()).exit());
  }

  private static List<String> charts(String html) {
    List<String> ids = new ArrayList<>();
    Matcher m = Pattern.compile("data-chart=\"([^\"]+)\" data-bars=\"(\\d+)\"").matcher(html);
    while (m.find()) {
      ids.add(m.group(1) + "=" + m.group(2));
    }
    return ids;
  }

  @Test
  void theSameConfigAndSeedGiveTheSamePersonasRowForRow() throws Exception {
    Path second = tmp.resolve("again");
    Cli again = Cli.run("run", "--config", quickstart.toString(), "--out", second.toString());
    assertEquals(0, again.exit(), again.err());
    assertEquals(rows(first), rows(second));
    ObjectMapper json = new ObjectMapper();
    for (String section : List.of("/quota_fit", "/corpus", "/validation", "/quotas")) {
      assertEquals(
          json.readTree(first.resolve("summary.json").toFile()).at(section),
          json.readTree(second.resolve("summary.json").toFile()).at(section),
          "same metrics: " + section);
    }
    Path other = tmp.resolve("other-seed");
    Cli reseeded =
        Cli.run(
            "run",
            "--config",
            quickstart.toString(),
            "--out",
            other.toString(),
            "--seed",
            "7",
            "--count",
            "50");
    assertEquals(0, reseeded.exit(), reseeded.err());
    List<String> otherRows = rows(other);
    assertEquals(50, otherRows.size());
    assertFalse(rows(first).containsAll(otherRows), "another seed draws other personas");
  }

  @Test
  void aFinishedRunIsNotOverwrittenUnlessAsked() {
    Cli refused = Cli.run("run", "--config", quickstart.toString(), "--out", first.toString());
    assertEquals(2, refused.exit());
    assertTrue(refused.err().contains("already holds a finished run"), refused.err());
    assertTrue(refused.err().contains("--overwrite"), refused.err());
    assertFalse(refused.err().contains("\tat "), "no stack trace without --debug");
  }

  @Test
  void inspectShowsTheCountsTheQuotaTableAndSamples() {
    assertEquals(0, firstRun.exit(), firstRun.err());
    Cli r = Cli.run("inspect", first.toString(), "--samples", "2");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("200 of 200 personas accepted"), r.out());
    assertTrue(r.out().contains("demographics.gender=female") && r.out().contains("102"), r.out());
    assertTrue(r.out().contains("years old"), "sample narratives are printed: " + r.out());
    Cli missing = Cli.run("inspect", first.resolve("nope").toString());
    assertEquals(2, missing.exit());
  }

  static List<String> rows(Path out) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select id, run_seed, round, ordinal, cell, cast(map_entries(attributes) as varchar), narrative,"
                    + " cast(map_entries(fields) as varchar), revisions, cast(generator as varchar),"
                    + " provenance.config_hash, provenance.taxonomy_hash"
                    + " from read_parquet('"
                    + out
                    + "/personas/*.parquet') order by id")) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          sb.append(rs.getString(i)).append('\u0001');
        }
        rows.add(sb.toString());
      }
    }
    return rows;
  }
}
