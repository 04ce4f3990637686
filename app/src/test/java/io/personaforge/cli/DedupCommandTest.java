package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaforge.dedup.standalone.CorpusFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupCommandTest {
  @Test
  void dedupsACsvCorpusAndDuckDbReadsTheResult(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("corpus.csv");
    Files.writeString(
        csv,
        "id,text,source\n"
            + "a,\"I love hiking in the mountains. I have two dogs. I work as a nurse.\",x\n"
            + "b,\"I have two dogs. I work as a nurse. I love hiking in the mountains.\",y\n"
            + "c,\"My favourite food is sushi and I play the violin every evening.\",z\n");
    Path out = tmp.resolve("out");
    Cli r =
        Cli.run("dedup", "--input", csv.toString(), "--out", out.toString(), "--semantic", "off");
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out().contains("3 rows: 2 kept (0 with an empty text, never compared), 1 duplicates"),
        r.out());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      ResultSet rs =
          st.executeQuery(
              "select string_agg(id, ',' order by id) from read_parquet('"
                  + out
                  + "/kept.parquet')");
      rs.next();
      assertEquals("a,c", rs.getString(1));
      rs =
          st.executeQuery(
              "select id, duplicate_of from read_parquet('" + out + "/duplicates.parquet')");
      rs.next();
      assertEquals("b", rs.getString(1));
      assertEquals("a", rs.getString(2));
    }
  }

  private static Path input(String name) throws Exception {
    return Path.of(DedupCommandTest.class.getResource("/dedup-input/" + name).toURI());
  }

  private static JsonNode summary(Path out) throws Exception {
    return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
  }

  @Test
  void emptyTextsAreKeptAndCountedNeverMatched(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    Cli r =
        Cli.run(
            "dedup",
            "--input",
            input("empty-texts.csv").toString(),
            "--out",
            out.toString(),
            "--semantic",
            "off");
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out().startsWith("5 rows: 4 kept (2 with an empty text, never compared), 1 duplicates"),
        r.out());
    assertEquals(2, summary(out).get("empty_texts").asInt());
    assertEquals(
        List.of("a", "b", "c", "e"),
        CorpusFiles.readParquetRows(out.resolve("kept.parquet")).stream()
            .map(row -> row.get("id"))
            .toList());
  }

  @Test
  void missingAndNullTextsInJsonlAreKept(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    Cli r =
        Cli.run(
            "dedup",
            "--input",
            input("missing-texts.jsonl").toString(),
            "--out",
            out.toString(),
            "--semantic",
            "off");
    assertEquals(0, r.exit(), r.err());
    assertEquals(4, summary(out).get("kept").asInt(), r.out());
    assertEquals(3, summary(out).get("empty_texts").asInt(), r.out());
  }

  @Test
  void theConfigFilesDedupSectionApplies(@TempDir Path tmp) throws Exception {
    // exact-only.yaml switches the lexical and semantic comparisons off: the re-ordered copy d of
    // a, a lexical duplicate by default, is kept.
    Path out = tmp.resolve("out");
    Cli r =
        Cli.run(
            "dedup",
            "--input",
            input("empty-texts.csv").toString(),
            "--config",
            input("exact-only.yaml").toString(),
            "--out",
            out.toString());
    assertEquals(0, r.exit(), r.err());
    JsonNode s = summary(out);
    assertEquals(0, s.get("duplicates").asInt(), r.out());
    assertFalse(s.get("config").get("lexical").get("enabled").asBoolean());
    assertFalse(s.get("semantic").asBoolean());
  }

  @Test
  void aMissingColumnListsTheColumnsThatExist(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("c.csv");
    Files.writeString(csv, "persona_id,narrative\n1,hello there\n");
    Cli r = Cli.run("dedup", "--input", csv.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(2, r.exit());
    assertTrue(
        r.err().contains("no column 'id'") && r.err().contains("persona_id, narrative"), r.err());
  }
}
