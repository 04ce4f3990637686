package io.personaforge.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.sim.LlmSimulator;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built-in prompt gives the model the sampled name and the persona's style attributes, apart
 * from the facts; a model that follows it returns that name.
 */
class PromptNameAndStyleTest {
  private LlmSimulator sim;

  @BeforeEach
  void start() {
    sim = LlmSimulator.builder().start();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private static WriteRequest request() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("demographics.gender", "female");
    a.put("demographics.age", "71");
    a.put("demographics.first_name", "Linda");
    a.put("demographics.last_name", "Okafor");
    a.put("location.city", "Denver");
    a.put("style.voice", "wry and lightly humorous");
    a.put("style.focus", "an ordinary day");
    return WriteRequest.first("p-1", 77L, new AttributeSet(a));
  }

  @Test
  void thePromptCarriesTheNameAndTheStyleAndTheAnswerKeepsTheName() throws Exception {
    List<LlmSimulator.Request> seen = new ArrayList<>();
    sim.script(
        r -> {
          synchronized (seen) {
            seen.add(r);
          }
          return LlmSimulator.defaultReply(r);
        });
    PersonaWriter writer =
        PersonaWriters.create(
            Fixtures.simConfig(sim.baseUrl()).fields(List.of("name", "summary")).build(),
            Fixtures.TAXONOMY,
            Fixtures::env);
    Draft d = writer.write(request());
    String prompt = seen.get(0).prompt();
    assertTrue(prompt.contains("The person's name is Linda Okafor:"), prompt);
    assertFalse(prompt.contains("fitting full name"), prompt);
    assertTrue(prompt.contains("- voice: wry and lightly humorous"), prompt);
    assertTrue(prompt.contains("- what to dwell on: an ordinary day"), prompt);
    // Names and style are not facts to restate: they are not in the attribute list.
    assertEquals(
        Map.of(
            "demographics.gender", "female",
            "demographics.age", "71",
            "location.city", "Denver"),
        seen.get(0).attributes());
    assertEquals("Linda Okafor", d.fields().get("name"));
    assertTrue(d.narrative().startsWith("Linda Okafor is 71 years old"), d.narrative());
  }

  @Test
  void aTaxonomyWithoutNamesStillAsksForOne() {
    PersonaWriter writer =
        PersonaWriters.create(
            Fixtures.simConfig(sim.baseUrl()).build(),
            TaxonomyLoader.parse(
                "t",
                "categories: {p: {attributes: {gender: {type: categorical, values: {female: 1}}}}}"),
            Fixtures::env);
    String prompt =
        writer
            .modelCalls()
            .orElseThrow()
            .prepare(WriteRequest.first("p", 1L, new AttributeSet(Map.of("p.gender", "female"))))
            .prompt();
    assertTrue(prompt.contains("Give the person a fitting full name."), prompt);
    assertFalse(prompt.contains("Style of this narrative"), prompt);
  }
}
