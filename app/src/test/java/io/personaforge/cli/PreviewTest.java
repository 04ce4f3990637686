package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaforge.generator.sim.LlmSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code personaforge preview}: the whole per-persona flow on a few of a run's personas, printed,
 * with no corpus; its answers journaled where the run finds them.
 */
class PreviewTest {
  @TempDir Path tmp;

  @Test
  void anOfflinePreviewPrintsPersonasOfDifferentCellsAndWritesNothing() throws Exception {
    Path config = tmp.resolve("run.yaml");
    Files.writeString(
        config,
        "count: 40\nseed: 3\nquotas:\n  - attribute: demographics.gender\n"
            + "    shares: {female: 0.5, male: 0.5}\n  - attribute: location.region\n"
            + "    shares: {northeast: 0.25, midwest: 0.25, south: 0.25, west: 0.25}\n");
    Cli r = Cli.run("preview", "--config", config.toString(), "-n", "5");
    assertEquals(0, r.exit(), r.err());
    for (int i = 1; i <= 5; i++) {
      assertTrue(r.out().contains("=== Persona " + i + " of 5 · "), r.out());
    }
    assertFalse(r.out().contains("=== Persona 6"), r.out());
    assertTrue(r.out().contains("Attributes:\n  demographics."), r.out());
    assertTrue(r.out().contains("Narrative:"), r.out());
    // Five personas from five of the eight cells.
    Matcher cells =
        Pattern.compile("demographics.gender=\\w+\\|location.region=\\w+").matcher(r.out());
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (cells.find()) {
      seen.add(cells.group());
    }
    assertEquals(5, seen.size(), r.out());
    assertTrue(r.out().contains("5 persona(s) from 5 of 8 quota cell(s)"), r.out());
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(1, s.count(), "nothing but the config in " + tmp);
    }
  }

  @Test
  void aPreviewThenARunOfTheSameConfigPayForNoCallTwice() throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().latency(Duration.ofMillis(2)).start()) {
      sim.script(r -> JudgeRunTest.degenerate(r, false));
      String judge = "    - name: coherence\n      rubric: builtin:coherence\n";
      Path a = Files.createDirectories(tmp.resolve("a"));
      Path config = JudgeRunTest.config(a, sim, 6, judge);
      // What a run alone pays, calls by the drafts, revisions and judges (the probe aside).
      Path alone = tmp.resolve("alone");
      Cli run = Cli.run("run", "--config", config.toString(), "--out", alone.toString());
      assertEquals(0, run.exit(), run.err());
      long runAlone = sim.requests() - 1;
      assertEquals(24, runAlone, "6 drafts, 6 revisions, 12 verdicts");

      sim.resetCounters();
      Path out = tmp.resolve("out");
      Cli preview =
          Cli.run("preview", "--config", config.toString(), "-n", "2", "--out", out.toString());
      assertEquals(0, preview.exit(), preview.err());
      long previewCalls = sim.requests() - 1;
      assertEquals(8, previewCalls, "2 personas: 2 drafts, 2 revisions, 4 verdicts");
      assertTrue(
          preview
              .out()
              .contains(
                  "Verdicts:\n  draft:      coherence: fail, score 1/5 — " + JudgeRunTest.PROBLEM),
          preview.out());
      assertTrue(preview.out().contains("revision 1: coherence: pass, score 5/5"), preview.out());
      assertTrue(preview.out().contains("PASSED after 1 revision"), preview.out());
      assertTrue(
          preview.out().contains("Answers journaled in " + out.toAbsolutePath()), preview.out());
      assertFalse(Files.exists(out.resolve("personas")), "no corpus");

      sim.resetCounters();
      Cli after = Cli.run("run", "--config", config.toString(), "--out", out.toString());
      assertEquals(0, after.exit(), after.err());
      long runCalls = sim.requests() - 1;
      assertEquals(runAlone - previewCalls, runCalls, "the preview's answers were not paid again");
      JsonNode llm = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("llm");
      assertEquals(previewCalls, llm.path("cache_hits").asLong(), llm.toString());
    }
  }
}
