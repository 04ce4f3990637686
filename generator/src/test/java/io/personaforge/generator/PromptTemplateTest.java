package io.personaforge.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.prompt.PromptTemplate;
import io.personaforge.schemas.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptTemplateTest {
  @TempDir Path dir;

  @Test
  void builtInPromptsHaveDeclaredVersions() {
    assertEquals(
        "persona-v2",
        PromptTemplate.load(null, PromptTemplate.BUILTIN_PERSONA, "generator.prompt").version());
    assertEquals(
        "revise-v2",
        PromptTemplate.load(null, PromptTemplate.BUILTIN_REVISE, "generator.revise_prompt")
            .version());
  }

  @Test
  void overrideFileRendersVerbatimAndIsVersionedByContent() throws Exception {
    Path p = dir.resolve("mine.mustache");
    Files.writeString(p, "Write about {{#attributes}}{{label}}={{value}};{{/attributes}}");
    PromptTemplate t =
        PromptTemplate.load(p.toString(), PromptTemplate.BUILTIN_PERSONA, "generator.prompt");
    assertTrue(t.version().matches("sha-[0-9a-f]{12}"), t.version());
    String out =
        t.render(Map.of("attributes", List.of(Map.of("label", "Job", "value", "R&D <lead>"))));
    assertEquals("Write about Job=R&D <lead>;", out);
    Files.writeString(p, "Write about nothing");
    String other = PromptTemplate.load(p.toString(), PromptTemplate.BUILTIN_PERSONA, "x").version();
    assertTrue(!other.equals(t.version()));
  }

  @Test
  void missingOverrideIsAConfigErrorAtItsKey() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                PromptTemplate.load(
                    dir.resolve("nope.mustache").toString(),
                    PromptTemplate.BUILTIN_REVISE,
                    "generator.revise_prompt"));
    assertEquals("generator.revise_prompt", e.keyPath());
    assertTrue(e.getMessage().contains("cannot read the prompt template"), e.getMessage());
  }
}
