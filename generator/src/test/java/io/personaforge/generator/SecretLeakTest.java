package io.personaforge.generator;

import static io.personaforge.generator.Fixtures.SECRET;
import static io.personaforge.generator.Fixtures.TAXONOMY;
import static io.personaforge.generator.Fixtures.request;
import static io.personaforge.generator.Fixtures.simConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.sim.LlmSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The API key never reaches a file under the cache, a log line or an exception message. */
// A hung future must fail the build, not stall it; no test comes near this.
@Timeout(120)
class SecretLeakTest {
  @TempDir Path cache;

  @Test
  void apiKeyAppearsInNoFileLogOrMessage() throws Exception {
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    StringBuilder messages = new StringBuilder();
    System.setErr(capture);
    System.setOut(capture);
    try {
      try (LlmSimulator good = LlmSimulator.builder().requiredKey(SECRET).start();
          GenerationEngine engine =
              GenerationEngine.open(
                  simConfig(good.baseUrl()).build(), TAXONOMY, cache, false, Fixtures::env)) {
        engine.probe();
        for (int i = 0; i < 5; i++) {
          messages.append(engine.submit(request(i)).join()).append('\n');
        }
        messages
            .append(engine.drainRetriesByCause())
            .append(engine.drainActivity())
            .append(engine.info());
        assertEquals(6, good.requests());
      }
      // A server that echoes the (wrong) key back in its 401 body, as OpenAI does.
      try (LlmSimulator strict =
              LlmSimulator.builder().requiredKey("sk-another-key-123456").start();
          GenerationEngine engine =
              GenerationEngine.open(
                  simConfig(strict.baseUrl()).build(),
                  TAXONOMY,
                  cache.resolve("b"),
                  false,
                  Fixtures::env)) {
        GenerationException e = assertThrows(GenerationException.class, engine::probe);
        messages.append(e.getMessage()).append('\n');
        CompletableFuture<Outcome> f = engine.submit(request(1));
        Throwable t = assertThrows(Exception.class, f::join);
        for (Throwable c = t; c != null; c = c.getCause()) {
          messages.append(c).append('\n');
        }
      }
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertFalse(logs.contains(SECRET), "key in logs");
    assertFalse(messages.toString().contains(SECRET), "key in messages: " + messages);
    assertTrue(messages.toString().contains("refused the API key"), messages.toString());
    List<Path> files;
    try (Stream<Path> s = Files.walk(cache)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertFalse(files.isEmpty());
    for (Path p : files) {
      String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
      assertFalse(text.contains(SECRET), "key in " + p);
    }
  }
}
