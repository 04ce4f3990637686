package io.personaforge.generator.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.Draft;
import io.personaforge.generator.WriteRequest;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The offline writer's English: pronouns, agreement, phrasing and its fallbacks. */
class OfflineWriterTest {
  private static final String TAXONOMY =
      "categories:\n"
          + "  demographics:\n"
          + "    attributes:\n"
          + "      sex: {type: categorical, values: {female: 1, male: 1, unknown: 1}}\n"
          + "      age: {type: integer, min: 18, max: 90}\n"
          + "  life:\n"
          + "    attributes:\n"
          + "      has_garden: {type: boolean, phrases: {\"true\": has a garden, \"false\": has no garden}}\n"
          + "      lives_alone: {type: boolean, label: lives alone}\n"
          + "      union_member: {type: boolean, label: union member}\n"
          + "      siblings: {type: integer, min: 0, max: 5, phrase: \"has {value} sibling(s)\"}\n"
          + "      mood: {type: categorical, values: {calm: 1}}\n"
          + "      worry: {type: integer, min: 1, max: 5, label: worry (1-5)}\n";

  private static Draft write(String sex, boolean garden, String siblings) {
    Taxonomy t = TaxonomyLoader.parse("t", TAXONOMY);
    Map<String, String> a = new LinkedHashMap<>();
    a.put("demographics.sex", sex);
    a.put("demographics.age", "40");
    a.put("life.has_garden", Boolean.toString(garden));
    a.put("life.lives_alone", "false");
    a.put("life.union_member", "true");
    a.put("life.siblings", siblings);
    a.put("life.mood", "calm");
    a.put("life.worry", "4");
    return new OfflineWriter(t).write(WriteRequest.first("p", 9L, new AttributeSet(a)));
  }

  @Test
  void anAttributeNamedSexChoosesThePronouns() {
    String she = write("female", true, "2").narrative();
    assertFalse(she.matches("(?s).*\\b(he|his|they|their)\\b.*"), she);
    assertTrue(she.matches("(?s).*\\b(She|she|her|Her)\\b.*"), she);
    String he = write("male", true, "2").narrative();
    assertFalse(he.matches("(?s).*\\b(she|her|they|their)\\b.*"), he);
  }

  @Test
  void theyTakesPluralVerbs() {
    String text = write("unknown", false, "1").narrative();
    assertFalse(text.matches("(?s).*\\b[Tt]hey (is|has|does|lives|scores)\\b.*"), text);
    assertTrue(text.contains("has no garden") || text.contains("have no garden"), text);
    assertTrue(text.contains(" 1 sibling.") || text.contains(" 1 sibling "), text);
  }

  @Test
  void phrasingAndFallbacksAreSentences() {
    String text = write("female", true, "3").narrative();
    assertTrue(text.contains("has a garden"), text);
    assertTrue(text.contains("3 siblings"), text);
    assertTrue(text.contains("does not live alone"), text);
    assertTrue(text.contains("Asked about union member, "), text);
    assertTrue(text.contains("high on worry") || text.contains("worry, "), text);
    assertFalse(text.contains("(1-5)"), text);
    assertFalse(text.contains(" is no."), text);
    assertFalse(text.contains(" is yes."), text);
    String name = write("female", true, "3").fields().get("name");
    assertTrue(text.startsWith(name), text);
    assertEquals(text, write("female", true, "3").narrative(), "the same seed, the same text");
  }

  @Test
  void verbsAgreeAndNegate() {
    assertEquals("have", OfflineWriter.baseForm("has"));
    assertEquals("study", OfflineWriter.baseForm("studies"));
    assertEquals("watch", OfflineWriter.baseForm("watches"));
    assertEquals("live", OfflineWriter.baseForm("lives"));
    assertEquals("does not own a tablet", OfflineWriter.negate("owns a tablet"));
    assertEquals("cannot swim", OfflineWriter.negate("can swim"));
    assertEquals("is not retired", OfflineWriter.negate("is retired"));
    assertEquals(
        "1 child and 2 countries", OfflineWriter.plurals("1 child(ren) and 2 countr(ies)"));
  }
}
