package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Losses to validation are refilled by later rounds until every quota cell holds exactly its
 * target. The offline writer's narratives vary in length, so a word minimum at the 30th percentile
 * of a first run rejects about a third of them — a deterministic stand-in for an LLM that sometimes
 * fails.
 */
class RefillRoundsTest {
  private static final String QUOTA =
      "quotas:\n  - attribute: location.region\n    shares: {northeast: 0.25, midwest: 0.25, south: 0.25, west: 0.25}\n";

  @Test
  void rejectedPersonasAreReplacedUntilEveryCellIsExact(@TempDir Path tmp) throws Exception {
    Path probeConfig = tmp.resolve("probe.yaml");
    Files.writeString(probeConfig, "count: 40\nseed: 5\n" + QUOTA);
    Path probe = tmp.resolve("probe");
    assertEquals(
        0, Cli.run("run", "--config", probeConfig.toString(), "--out", probe.toString()).exit());
    long minWords = NarrativeWords.atShare(probe.resolve("personas"), 0.3);
    Path config = tmp.resolve("run.yaml");
    Files.writeString(
        config,
        "count: 40\nseed: 5\nvalidation: {min_words: "
            + minWords
            + ", max_words: 100000}\n"
            + QUOTA);
    Path out = tmp.resolve("out");
    Cli r = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(40, s.at("/counts/accepted").asLong());
    assertTrue(s.at("/counts/rejected").asLong() > 0, "some personas were rejected: " + s);
    assertTrue(s.at("/counts/balanced").asBoolean(), s.toString());
    assertTrue(
        s.get("rounds").size() >= 2 && s.get("rounds").size() <= 4, s.get("rounds").toString());
    long generated = 0;
    for (JsonNode round : s.get("rounds")) {
      long g = round.get("generated").asLong();
      assertEquals(
          g,
          round.get("accepted").asLong()
              + round.get("rejected").asLong()
              + round.get("duplicates").asLong()
              + round.get("surplus").asLong(),
          round.toString());
      generated += g;
    }
    assertEquals(generated, s.at("/counts/generated").asLong());
    for (JsonNode q : s.get("quotas")) {
      assertEquals(10, q.get("achieved").asLong(), q.toString());
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      ResultSet rs =
          st.executeQuery(
              "select attributes['location.region'] r, count(*) from read_parquet('"
                  + out
                  + "/personas/*.parquet') group by r having count(*) <> 10");
      assertTrue(!rs.next(), "every region holds exactly 10 personas");
      rs =
          st.executeQuery(
              "select count(*), min(len(violations)), count(distinct violations[1].rule) from read_parquet('"
                  + out
                  + "/rejects/*.parquet')");
      rs.next();
      assertEquals(s.at("/counts/rejected").asLong(), rs.getLong(1));
      assertEquals(1, rs.getLong(2), "each reject carries its violation");
      rs = st.executeQuery("select max(round) from read_parquet('" + out + "/personas/*.parquet')");
      rs.next();
      assertTrue(rs.getInt(1) >= 1, "later rounds contributed personas");
    }
  }

  @Test
  void cellsThatCannotBeFilledEndWithExitThreeNamingThem(@TempDir Path tmp) throws Exception {
    Path config = tmp.resolve("run.yaml");
    Files.writeString(
        config,
        "count: 8\nmax_rounds: 2\nvalidation: {min_words: 100000, max_words: 100000}\n" + QUOTA);
    Cli r = Cli.run("run", "--config", config.toString(), "--out", tmp.resolve("out").toString());
    assertEquals(3, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("location.region=south: 0 of 2"), r.err());
    assertTrue(
        r.err().contains("were rejected; the rules that rejected most: word_count failed"),
        r.err());
    JsonNode s = new ObjectMapper().readTree(tmp.resolve("out/summary.json").toFile());
    assertEquals(4, s.get("short_cells").size());
    assertEquals(2, s.get("rounds").size());
  }

  @Test
  void noFirstNameIsUsedMoreOftenThanTheCapAllows(@TempDir Path tmp) throws Exception {
    // A taxonomy without name attributes: the writer chooses names, so the cap applies (a
    // taxonomy that draws names has none; see SampledNameTest).
    Files.writeString(
        tmp.resolve("t.yaml"),
        "categories:\n  demographics:\n    attributes:\n"
            + "      gender: {type: categorical, core: true, values: {female: 1, male: 1}}\n"
            + "      age: {type: integer, core: true, min: 20, max: 60}\n");
    Path config = tmp.resolve("run.yaml");
    Files.writeString(
        config,
        "taxonomy: t.yaml\ncount: 60\nseed: 3\nvalidation:\n  min_words: 1\n"
            + "  first_name_cap: {max_share: 0.01, min_count: 1}\n");
    Path out = tmp.resolve("out");
    Cli r = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      ResultSet rs =
          st.executeQuery(
              "select max(n), sum(n) from (select split_part(fields['name'], ' ', 1) f, count(*) n from read_parquet('"
                  + out
                  + "/personas/*.parquet') group by f)");
      rs.next();
      assertEquals(1, rs.getLong(1), "no first name more than once");
      assertEquals(60, rs.getLong(2));
      rs =
          st.executeQuery(
              "select count(*) from read_parquet('"
                  + out
                  + "/rejects/*.parquet') where violations[1].rule = 'first_name_cap'");
      rs.next();
      assertTrue(rs.getLong(1) > 0, "over-cap personas are rejected with their reason");
    }
  }
}
