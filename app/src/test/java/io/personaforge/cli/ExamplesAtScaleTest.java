package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example in examples/ reaches 1,000 personas with the offline writer: every quota cell
 * exact, nothing rejected, and no persona removed as a duplicate of another (the offline writer
 * writes each persona from its own attributes, so any removal would take a different person).
 */
class ExamplesAtScaleTest {
  @TempDir Path tmp;

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> s = Files.list(Cli.repoRoot().resolve("examples"))) {
      // Every example is an offline run (no generator section, or provider: offline).
      List<Path> all = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      return all.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void reachesAThousandWithExactQuotasAndNoDuplicates(Path example) throws IOException {
    Path out = tmp.resolve("out");
    Cli r =
        Cli.run("run", "--config", example.toString(), "--count", "1000", "--out", out.toString());
    assertEquals(0, r.exit(), example + ": " + r.err());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(1000, s.at("/counts/accepted").asLong(), example + " " + s.get("counts"));
    assertEquals(0, s.at("/counts/duplicates").asLong(), example + " " + s.get("counts"));
    assertEquals(0, s.at("/counts/rejected").asLong(), example + " " + s.get("counts"));
    assertTrue(s.get("quotas").size() > 0);
    for (JsonNode q : s.get("quotas")) {
      assertEquals(q.get("target").asLong(), q.get("achieved").asLong(), example + " " + q);
    }
  }
}
