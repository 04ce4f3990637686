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
import java.util.Set;
import java.util.TreeSet;
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
    assertTrue(text.matches("(?s).*(Asked about|On) union member, .*\\byes\\b.*"), text);
    assertTrue(text.matches("(?s).*\\bhigh( score)? (on|for) worry\\b.*"), text);
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
    assertEquals("has no children", OfflineWriter.plurals("has 0 child(ren)"));
    assertEquals("an 18", OfflineWriter.numberWithArticle("18"));
    assertEquals("an 83", OfflineWriter.numberWithArticle("83"));
    assertEquals("a 56", OfflineWriter.numberWithArticle("56"));
    assertEquals("an 11", OfflineWriter.numberWithArticle("11"));
    assertEquals("took no online courses", OfflineWriter.plurals("took 0 online course(s)"));
    assertEquals("for 0 years", OfflineWriter.plurals("for 0 year(s)"));
    assertEquals("about 0 times a year", OfflineWriter.plurals("about 0 time(s) a year"));
    assertEquals(
        "pays for 1 streaming subscription",
        OfflineWriter.plurals("pays for 1 streaming subscription(s)"));
  }

  private static final String BANDS =
      "categories:\n"
          + "  demographics:\n"
          + "    attributes:\n"
          + "      gender: {type: categorical, values: {female: 1, male: 1}}\n"
          + "      age_band: {type: categorical, label: age group, phrase: \"is in the {value} age group\", values: {young: 1, old: 1}}\n"
          + "      age:\n"
          + "        type: integer\n"
          + "        min: 18\n"
          + "        max: 90\n"
          + "        when:\n"
          + "          - {if: {demographics.age_band: young}, min: 18, max: 50}\n"
          + "          - {if: {demographics.age_band: old}, min: 45, max: 90}\n"
          + "      married: {type: boolean, p_true: 0.5, phrases: {\"true\": \"is married | shares {their} life with a spouse\", \"false\": \"is single\"}}\n";

  private static String writeBanded(String band, String age, long seed) {
    Taxonomy t = TaxonomyLoader.parse("t", BANDS);
    Map<String, String> a = new LinkedHashMap<>();
    a.put("demographics.gender", "female");
    a.put("demographics.age_band", band);
    a.put("demographics.age", age);
    a.put("demographics.married", "true");
    return new OfflineWriter(t)
        .write(WriteRequest.first("p", seed, new AttributeSet(a)))
        .narrative();
  }

  @Test
  void whatTheStatedAgeSettlesIsNotRepeatedButWhatItLeavesOpenIs() {
    Taxonomy t = TaxonomyLoader.parse("t", BANDS);
    var age = t.attribute("demographics.age").orElseThrow();
    // 30 lies only in the young band's range: saying "young" too would repeat one fact.
    assertEquals(Map.of("demographics.age_band", "young"), OfflineWriter.impliedBy(t, age, "30"));
    // 47 lies in both ranges: the band says something the age does not.
    assertEquals(Map.of(), OfflineWriter.impliedBy(t, age, "47"));
    // A short persona (fewer than 20 attributes) still says everything.
    assertTrue(
        writeBanded("young", "30", 1).contains("young age group"), writeBanded("young", "30", 1));
  }

  @Test
  void phraseAlternativesArePickedPerPersona() {
    Set<String> said = new TreeSet<>();
    for (long seed = 0; seed < 40; seed++) {
      String text = writeBanded("young", "30", seed);
      assertFalse(text.contains("|"), text);
      if (text.matches("(?s).*\\b(is|are) married\\b.*")) {
        said.add("married");
      }
      if (text.contains("life with a spouse")) {
        said.add("spouse");
      }
    }
    assertEquals(Set.of("married", "spouse"), said);
  }
}
