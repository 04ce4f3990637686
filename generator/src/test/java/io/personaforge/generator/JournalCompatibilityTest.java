package io.personaforge.generator;

import static io.personaforge.generator.Fixtures.TAXONOMY;
import static io.personaforge.generator.Fixtures.request;
import static io.personaforge.generator.Fixtures.simConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.judge.JudgeCall;
import io.personaforge.generator.judge.JudgeOutcome;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache folder written by an earlier version still answers: the journal's keys (what decides an
 * answer, hashed) and its file format must not change, or a resumed run pays for every call again.
 * The segment under {@code src/test/resources/.../journal-v1/} was written by the version before
 * providers became classes (three drafts, a revision and a judge's verdict); the endpoint here
 * listens nowhere, so an answer the journal does not give fails the test instead of being fetched.
 */
@Timeout(60)
class JournalCompatibilityTest {
  private static final String SEGMENT = "journal-v1/llm-000000000000000-v1.jsonl";
  private static final String NOWHERE = "http://127.0.0.1:9";

  @TempDir Path cache;

  private GenerationEngine open(GeneratorConfig config, List<GeneratorConfig> judges)
      throws Exception {
    Path llm = Files.createDirectories(cache.resolve("llm"));
    try (InputStream in = getClass().getResourceAsStream(SEGMENT)) {
      Files.copy(in, llm.resolve(Path.of(SEGMENT).getFileName()));
    }
    return GenerationEngine.open(config, judges, TAXONOMY, cache, false, Fixtures::env);
  }

  @Test
  void draftsRevisionsAndVerdictsJournaledByTheEarlierVersionAreReplayed() throws Exception {
    GeneratorConfig config = simConfig(NOWHERE).seed(42L).maxRetries(0).build();
    GeneratorConfig judge = simConfig(NOWHERE).seed(42L).maxRetries(0).temperature(0.0).build();
    try (GenerationEngine engine = open(config, List.of(judge))) {
      for (int i = 0; i < 3; i++) {
        Outcome o = engine.submit(request(i)).join();
        Outcome.Success s = assertInstanceOf(Outcome.Success.class, o, o::toString);
        assertTrue(s.cacheHit());
        assertEquals(0, s.attempts(), "no call was made");
        assertEquals("Journaled narrative " + i + ".", s.draft().narrative());
        assertEquals(Map.of("name", "Name " + i, "summary", "Summary " + i), s.draft().fields());
        assertEquals(100 + i, s.draft().promptTokens());
      }
      Draft previous =
          new Draft(
              "Journaled narrative 1.", Map.of("name", "Name 1", "summary", "Summary 1"), "", 0, 0);
      WriteRequest first = request(1);
      Outcome revised =
          engine
              .submit(
                  new WriteRequest(
                      first.personaId(),
                      first.seed(),
                      first.attributes(),
                      previous,
                      List.of("the age is wrong")))
              .join();
      assertEquals(
          "Revised narrative.",
          assertInstanceOf(Outcome.Success.class, revised, revised::toString).draft().narrative());
      JudgeOutcome verdict =
          engine.judge(new JudgeCall("coherence", judge, "Judge this.", 7)).join();
      assertTrue(verdict.cacheHit(), verdict::toString);
      assertEquals(List.of("generic"), verdict.verdict().problems());
      assertEquals(60, verdict.millis(), "the cost it had when paid");
    }
  }
}
