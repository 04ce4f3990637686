package io.personaforge.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaforge.dedup.standalone.CorpusDedup;
import io.personaforge.dedup.standalone.CorpusFiles;
import io.personaforge.schemas.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusDedupTest {
  @TempDir Path dir;

  private static final DedupConfig LEXICAL =
      new DedupConfig(true, null, SemanticConfig.defaults().withEnabled(false), null);

  private static CorpusDedup.Summary run(Path in, Path out) {
    return CorpusDedup.run(
        in,
        "id",
        "text",
        out,
        LEXICAL,
        () -> {
          throw new AssertionError("semantic is off");
        });
  }

  @Test
  void csvWithQuotedMultiLineFieldsKeepsEveryColumnOfTheFirstOfEachDuplicate() throws Exception {
    Path csv = dir.resolve("corpus.csv");
    Files.writeString(
        csv,
        """
        id,text,user score
        a,"I love to bake cookies.
        I have two dogs.
        Knitting is my passion.",1
        b,"I fly planes, ""for fun"".
        I live in Oslo.",2
        c,"Knitting is my passion.
        I love to bake cookies.
        I have two dogs.",3
        d,"I FLY PLANES -- FOR FUN! i live in oslo",4
        """);
    Path out = dir.resolve("out");
    CorpusDedup.Summary s = run(csv, out);
    assertEquals(4, s.rows());
    assertEquals(2, s.kept());
    List<Map<String, Object>> kept = CorpusFiles.readParquetRows(out.resolve("kept.parquet"));
    assertEquals(List.of("a", "b"), kept.stream().map(r -> r.get("id")).toList());
    assertEquals("I fly planes, \"for fun\".\nI live in Oslo.", kept.get(1).get("text"));
    assertEquals("2", kept.get(1).get("user score"), "a column name with a space survives");
    List<Map<String, Object>> dups = CorpusFiles.readParquetRows(out.resolve("duplicates.parquet"));
    assertEquals(2, dups.size());
    assertEquals(
        Map.of("id", "c", "duplicate_of", "a", "similarity", 1.0, "method", "lexical"),
        dups.get(0));
    assertEquals("exact", dups.get(1).get("method"));
    assertEquals("b", dups.get(1).get("duplicate_of"));
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(4, summary.get("rows").asInt());
    assertEquals(1, summary.get("by_method").get("exact").asInt());
    assertEquals(1, summary.get("by_method").get("lexical").asInt());
  }

  @Test
  void jsonlAndParquetInputsGiveTheSameAnswer() throws Exception {
    PlantedCorpus corpus = new PlantedCorpus(3, 200, 20);
    StringBuilder jsonl = new StringBuilder();
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < corpus.texts.size(); i++) {
      jsonl.append(
          json.writeValueAsString(Map.of("id", "r" + i, "text", corpus.texts.get(i), "n", i)));
      jsonl.append('\n');
    }
    Path in = dir.resolve("corpus.jsonl");
    Files.writeString(in, jsonl);
    CorpusDedup.Summary fromJsonl = run(in, dir.resolve("o1"));
    assertEquals(20, fromJsonl.duplicates());
    // kept.parquet is itself a corpus: deduplicating it again removes nothing.
    CorpusDedup.Summary again = run(dir.resolve("o1/kept.parquet"), dir.resolve("o2"));
    assertEquals(fromJsonl.kept(), again.rows());
    assertEquals(0, again.duplicates());
  }

  @Test
  void missingColumnListsTheColumnsThatExist() throws Exception {
    Path csv = dir.resolve("c.csv");
    Files.writeString(csv, "persona_id,narrative\n1,hello\n");
    ConfigException e = assertThrows(ConfigException.class, () -> run(csv, dir.resolve("o")));
    assertEquals(
        csv + ": no column 'id' (--id-column); the columns are: persona_id, narrative",
        e.getMessage());
  }

  @Test
  void unreadableOrUnknownFilesAreClearErrors() throws Exception {
    ConfigException missing =
        assertThrows(ConfigException.class, () -> run(dir.resolve("nope.csv"), dir.resolve("o")));
    assertTrue(missing.getMessage().contains("nope.csv: file not found"), missing.getMessage());
    Path txt = dir.resolve("c.txt");
    Files.writeString(txt, "x");
    ConfigException unknown = assertThrows(ConfigException.class, () -> run(txt, dir.resolve("o")));
    assertTrue(unknown.getMessage().contains("unknown file type"), unknown.getMessage());
    Path bad = dir.resolve("bad.parquet");
    Files.writeString(bad, "not parquet at all");
    ConfigException corrupt = assertThrows(ConfigException.class, () -> run(bad, dir.resolve("o")));
    assertTrue(
        corrupt.getMessage().startsWith(bad + ": cannot read the file"), corrupt.getMessage());
    Path badJson = dir.resolve("bad.jsonl");
    Files.writeString(badJson, "{\"id\": 1, \"text\": \"a\"}\n{oops\n");
    ConfigException json =
        assertThrows(ConfigException.class, () -> run(badJson, dir.resolve("o")));
    assertTrue(json.getMessage().startsWith(badJson + ":2: not valid JSON"), json.getMessage());
  }
}
