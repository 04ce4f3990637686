package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaforge.dedup.SemanticConfig;
import io.personaforge.pipelines.dedup.SharedEmbeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refill rounds embed no persona twice — earlier rounds' embeddings come back with the sketches
 * those rounds kept, and vectors computed while waiting on the LLM are read back from {@code
 * OUT/.cache/embeddings} — and the run writes the resolved semantic setting to run.yaml.
 */
class SemanticRefillTest {
  @Test
  void refillRoundsEmbedEachPersonaOnce(@TempDir Path tmp) throws Exception {
    // A word minimum at the 30th percentile of a first run's narratives rejects about a third:
    // rejections force refill rounds.
    Path probeConfig = tmp.resolve("probe.yaml");
    Files.writeString(probeConfig, "count: 30\nseed: 11\n");
    Path probe = tmp.resolve("probe");
    assertEquals(
        0, Cli.run("run", "--config", probeConfig.toString(), "--out", probe.toString()).exit());
    long minWords = NarrativeWords.atShare(probe.resolve("personas"), 0.3);
    Path config = tmp.resolve("run.yaml");
    Files.writeString(
        config,
        "count: 30\nseed: 11\nmax_rounds: 5\nvalidation: {min_words: "
            + minWords
            + ", max_words: 100000}\ndedup: {semantic: {enabled: true}}\n");
    Path out = tmp.resolve("out");
    Cli r = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertTrue(s.get("rounds").size() >= 2, "the run needed refill rounds: " + s.get("rounds"));
    long valid = 0;
    for (JsonNode round : s.get("rounds")) {
      valid += round.get("generated").asLong() - round.get("rejected").asLong();
    }
    SharedEmbeddings shared =
        SharedEmbeddings.open(SemanticConfig.defaults(), out.resolve(".cache"));
    assertTrue(
        shared.computed() <= valid,
        "each valid persona embedded at most once: " + shared.computed() + " of " + valid);
    assertTrue(shared.computed() >= s.at("/counts/accepted").asLong(), "" + shared.computed());
    assertTrue(shared.reused() > 0, "vectors computed while waiting on the LLM are read back");
    try (Stream<Path> files = Files.list(out.resolve(".cache/embeddings"))) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".bin")));
    }
    String resolved = Files.readString(out.resolve("run.yaml"));
    assertTrue(resolved.matches("(?s).*semantic:\\n\\s+enabled: true\\n.*"), resolved);
    assertEquals(0, r.exit(), r.err());
  }
}
