package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
    assertTrue(r.out().contains("3 rows: 2 kept, 1 duplicates"), r.out());
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
