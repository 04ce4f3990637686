package io.personaforge.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.llm.JsonOutput;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonOutputTest {
  private static final List<String> FIELDS = List.of("name", "summary");

  @Test
  void readsCodeFencedJsonWithProseAndTrailingCommas() throws Exception {
    String raw =
        "Sure! Here is the persona:\n```json\n{\n  \"narrative\": \"Ana is 34 years old {really}.\",\n"
            + "  \"name\": \"Ana Silva\",\n  \"summary\": \"nurse\",\n}\n```\nHope this helps.";
    Draft d = JsonOutput.parse(raw, FIELDS, 3, 4);
    assertEquals("Ana is 34 years old {really}.", d.narrative());
    assertEquals("Ana Silva", d.fields().get("name"));
    assertEquals(raw, d.rawOutput());
    assertEquals(4, d.completionTokens());
  }

  @Test
  void skipsABraceThatIsNotJson() throws Exception {
    Draft d =
        JsonOutput.parse(
            "{not json} then {\"narrative\": \"x\nwith a raw line break\", \"name\": \"N\", \"summary\": 5}",
            FIELDS,
            0,
            0);
    assertEquals("5", d.fields().get("summary"));
    assertTrue(d.narrative().contains("raw line break"));
  }

  @Test
  void unparseableKeepsRawOutputAndIsRetriable() {
    GenerationException e =
        assertThrows(
            GenerationException.class,
            () -> JsonOutput.parse("{\"narrative\": \"cut off in the mid", FIELDS, 0, 0));
    assertEquals(FailureKind.UNPARSEABLE, e.kind());
    assertTrue(e.retriable());
    assertEquals("{\"narrative\": \"cut off in the mid", e.rawOutput());
  }

  @Test
  void missingFieldOrEmptyContentFail() {
    GenerationException f =
        assertThrows(
            GenerationException.class,
            () -> JsonOutput.parse("{\"narrative\": \"n\", \"name\": \"x\"}", FIELDS, 0, 0));
    assertTrue(f.getMessage().contains("\"summary\""), f.getMessage());
    GenerationException e =
        assertThrows(GenerationException.class, () -> JsonOutput.parse("  ", FIELDS, 0, 0));
    assertEquals(FailureKind.EMPTY, e.kind());
  }
}
