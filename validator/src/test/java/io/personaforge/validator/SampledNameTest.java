package io.personaforge.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import io.personaforge.validator.checks.SampledNameCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A drawn name must be used, and drawn names are never capped. */
class SampledNameTest {
  private static final Taxonomy GENERAL = TaxonomyLoader.load("builtin:general", null);

  private static List<Violation> check(String narrative, String nameField) {
    AttributeSet a =
        new AttributeSet(
            Map.of(
                "demographics.gender", "female",
                "demographics.first_name", "Linda",
                "demographics.last_name", "Okafor"));
    Map<String, String> fields = nameField == null ? Map.of() : Map.of("name", nameField);
    return new SampledNameCheck(
            List.of("demographics.first_name", "demographics.last_name"), "demographics.gender")
        .check(new Subject(a, narrative, fields));
  }

  @Test
  void theNarrativeAndTheNameFieldUseTheDrawnName() {
    assertEquals(List.of(), check("Linda Okafor is 71. Linda likes tea.", "Linda  Okafor"));
    List<Violation> v = check("Maria Okafor is 71.", "Maria Okafor");
    assertEquals(2, v.size(), v.toString());
    assertTrue(
        v.get(0).message().contains("'Linda Okafor' exactly, not 'Maria Okafor'"), v.toString());
    assertTrue(
        v.get(1).message().contains("her given name, Linda Okafor (missing: Linda)"), v.toString());
    // "Lindahl" is not "Linda": parts are matched as words.
    assertEquals(1, check("Lindahl Okafor is 71.", null).size());
  }

  @Test
  void aTaxonomyThatDrawsNamesHasNoFirstNameCap() {
    Validator v = Validator.of(ValidationConfig.defaults(), GENERAL);
    assertTrue(v.firstNameCap(1000).isEmpty());
    assertFalse(v.ruleNames().contains(NameCap.RULE));
    assertTrue(v.ruleNames().contains(SampledNameCheck.NAME));
    Taxonomy noNames =
        TaxonomyLoader.parse(
            "t", "categories: {p: {attributes: {g: {type: categorical, values: {f: 1}}}}}");
    Validator plain = Validator.of(ValidationConfig.defaults(), noNames);
    assertEquals(50, plain.firstNameCap(1000).getAsLong());
    assertTrue(plain.ruleNames().contains(NameCap.RULE));
    assertFalse(plain.ruleNames().contains(SampledNameCheck.NAME));
  }
}
