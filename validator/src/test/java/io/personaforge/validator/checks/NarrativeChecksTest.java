package io.personaforge.validator.checks;

import static io.personaforge.validator.Fixtures.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.validator.Check;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NarrativeChecksTest {
  static List<String> messages(Check c, Subject s) {
    return c.check(s).stream().map(Violation::message).toList();
  }

  static final String[] ANA = {"demographics.gender", "female", "demographics.age", "37"};

  @Nested
  class Age {
    final Check check = new AgeConsistencyCheck("demographics.age", "demographics.gender");

    @Test
    void wordsAreRunsOfNonWhiteSpaceWhateverTheSpace() {
      assertEquals(0, WordCountCheck.count(""));
      assertEquals(0, WordCountCheck.count(" \t\n"));
      assertEquals(3, WordCountCheck.count("  one\ttwo\n\nthree "));
      // Unicode white space (em space, line separator) separates; a no-break space joins.
      assertEquals(3, WordCountCheck.count("one\u2003two\u2028three"));
      assertEquals(1, WordCountCheck.count("Jean\u00a0Luc"));
      assertEquals(2, WordCountCheck.count("caf\u00e9 cr\u00e8me"));
    }

    @Test
    void statedAgePasses() {
      assertEquals(List.of(), messages(check, subject("Ana is 37 years old.", ANA)));
      assertEquals(List.of(), messages(check, subject("A 37-year-old nurse, Ana ...", ANA)));
      assertEquals(List.of(), messages(check, subject("Ana, aged 37, lives here.", ANA)));
      assertEquals(
          List.of(), messages(check, subject("Ana is a thirty-seven-year-old nurse.", ANA)));
    }

    @Test
    void anotherAgeIsAContradiction() {
      assertEquals(
          List.of("the narrative says she is 42 years old; she is 37 (\"42 years old\")"),
          messages(check, subject("Ana is 42 years old.", ANA)));
      assertEquals(
          List.of("the narrative says she is forty years old; she is 37 (\"aged forty\")"),
          messages(check, subject("Ana, aged forty, is 37 years old.", ANA)));
    }

    @Test
    void theAgeMustBeStated() {
      assertEquals(
          List.of("the narrative must state her age: she is 37 years old"),
          messages(check, subject("Ana lives in Denver.", ANA)));
    }

    @Test
    void otherPeoplesAgesAndPastAgesAreNotContradictions() {
      String text =
          "Ana is 37 years old. Her 12-year-old son plays chess; her daughter is 9 years old."
              + " When she was 16 years old she moved, and at the age of 20 she married.";
      assertEquals(List.of(), messages(check, subject(text, ANA)));
    }

    @Test
    void skippedWithoutAnAge() {
      assertEquals(
          List.of(), messages(check, subject("Ana is 42.", "demographics.gender", "female")));
    }
  }

  @Nested
  class Pronouns {
    final Check check = new GenderPronounCheck("demographics.gender");

    @Test
    void matchingPronounsPass() {
      assertEquals(
          List.of(),
          messages(
              check,
              subject(
                  "Ana loves her garden. She met her husband at work; he is kind to her.", ANA)));
    }

    @Test
    void mostlyTheOtherGendersPronounsFail() {
      assertEquals(
          List.of(
              "the narrative mostly calls her 'he/him/his' (3 times against 1 'she/her'); she is"
                  + " female: refer to her as she/her"),
          messages(
              check, subject("Ana loves his garden. He works hard; she said it suits him.", ANA)));
      assertEquals(
          1,
          check
              .check(
                  subject("Tom loves her garden. She works hard.", "demographics.gender", "male"))
              .size());
    }

    @Test
    void firstPersonAndOtherGendersAreSkipped() {
      assertEquals(List.of(), messages(check, subject("I am Ana. I love gardening.", ANA)));
      assertEquals(
          List.of(),
          messages(check, subject("He said he was here.", "demographics.gender", "nonbinary")));
    }
  }

  @Nested
  class Occupation {
    final Check check =
        new OccupationCheck(
            "work.occupation",
            "demographics.gender",
            Set.of("nurse", "lawyer", "student", "software engineer", "none"));

    Subject nurse(String text) {
      return subject(text, "demographics.gender", "female", "work.occupation", "nurse");
    }

    @Test
    void statedOccupationPasses() {
      assertEquals(List.of(), messages(check, nurse("She works as a nurse in Denver.")));
      assertEquals(
          List.of(),
          messages(check, nurse("Her husband is a lawyer. She is a nurse.")),
          "a relative's job is not hers");
      assertEquals(
          List.of(),
          messages(check, nurse("She worked as a lawyer before she became a nurse.")),
          "a past job is not a contradiction");
    }

    @Test
    void anotherOccupationAsHerOwnFails() {
      assertEquals(
          List.of(
              "the narrative says she is lawyer (\"works as a lawyer\"); her occupation is nurse"),
          messages(check, nurse("Trained as a nurse, she now works as a lawyer.")));
    }

    @Test
    void theOccupationMustBeMentioned() {
      assertEquals(
          List.of("the narrative must mention her occupation: nurse"),
          messages(check, nurse("She loves hiking.")));
      assertEquals(
          List.of(),
          messages(
              check,
              subject(
                  "She loves hiking.", "demographics.gender", "female", "work.occupation", "none")),
          "'none' needs no mention");
    }
  }

  @Nested
  class City {
    final Check check =
        new CityCheck(
            "location.city", "demographics.gender", Set.of("Denver", "Boston", "New York"));

    Subject denver(String text) {
      return subject(text, "demographics.gender", "male", "location.city", "Denver");
    }

    @Test
    void statedCityPasses() {
      assertEquals(List.of(), messages(check, denver("He lives in Denver.")));
      assertEquals(
          List.of(),
          messages(check, denver("His sister lives in Boston, but he calls Denver home.")));
      assertEquals(
          List.of(), messages(check, denver("He grew up in Boston and now lives in Denver.")));
    }

    @Test
    void anotherCityAsHisHomeFails() {
      assertEquals(
          List.of("the narrative says he lives in New York; he lives in Denver"),
          messages(check, denver("Born in Denver, he lives in New York.")));
      assertEquals(
          List.of(
              "the narrative says he lives in Boston; he lives in Denver",
              "the narrative must mention his city: Denver"),
          messages(check, denver("He calls Boston home.")));
    }
  }

  @Nested
  class MustMention {
    final Check check =
        new MustMentionCheck(
            Map.of("household.marital_status", "marital status", "household.children", "children"),
            "demographics.gender");

    @Test
    void mentionedValuesPass() {
      assertEquals(
          List.of(),
          messages(
              check,
              subject(
                  "She is divorced with 2 children.",
                  "household.marital_status",
                  "divorced",
                  "household.children",
                  "2")));
    }

    @Test
    void missingValuesFail() {
      assertEquals(
          List.of("the narrative must mention her marital status: divorced"),
          messages(
              check,
              subject(
                  "She has 2 children.",
                  "demographics.gender",
                  "female",
                  "household.marital_status",
                  "divorced",
                  "household.children",
                  "2")));
      assertEquals(
          List.of(),
          messages(check, subject("No mention.", "household.children", "none")),
          "'none' and absent attributes are skipped");
    }
  }

  @Nested
  class Boilerplate {
    final Check check = new BoilerplateCheck();

    @Test
    void assistantWordsFail() {
      assertEquals(
          List.of(
              "remove the assistant's words (\"sure! here\", \"here is a persona\"): write only the"
                  + " persona's narrative, with no preamble, refusal or closing remark"),
          messages(check, subject("Sure! Here is a persona: Ana is 37.")));
      assertEquals(1, check.check(subject("As an AI language model, I describe Ana.")).size());
      assertEquals(1, check.check(subject("I cannot create this persona.")).size());
      assertEquals(1, check.check(subject("Ana is 37. I hope this helps!")).size());
    }

    @Test
    void firstPersonNarrativesPass() {
      assertEquals(
          List.of(),
          messages(check, subject("My name is Ana. I cannot stand traffic, so I cycle.")));
    }
  }

  @Nested
  class TemplateMarkers {
    final Check check = new TemplateMarkerCheck();

    @Test
    void markersFail() {
      for (String text :
          List.of(
              "{{name}} is 37.",
              "%NAME% is 37.",
              "Ana lives in [insert city].",
              "Hi, I am <name>.",
              "Ana lives in {city}.",
              "Ana lives in ${city}.",
              "Ana is [Age] years old.")) {
        assertEquals(1, check.check(subject(text)).size(), text);
      }
      assertEquals(
          List.of(
              "replace the unfilled template markers '{{name}}', '[City]' with the persona's"
                  + " actual details"),
          messages(check, subject("{{name}} lives in [City].")));
    }

    @Test
    void markersInFieldsFail() {
      Subject s = new Subject(new AttributeSet(Map.of()), "Ana is here.", Map.of("name", "<name>"));
      assertEquals(1, check.check(s).size());
    }

    @Test
    void ordinaryBracketsPass() {
      assertEquals(
          List.of(),
          messages(check, subject("Ana [laughs] loves maths: {x | x > 1} and 5 < 7 > 3, 100%.")));
    }
  }

  @Nested
  class WordCount {
    @Test
    void boundsAreInclusive() {
      Check check = new WordCountCheck(3, 5);
      assertEquals(List.of(), messages(check, subject("one two three")));
      assertEquals(List.of(), messages(check, subject("one two three four five")));
      assertEquals(
          List.of("the narrative has 2 words; write at least 3"),
          messages(check, subject("one two")));
      assertEquals(
          List.of("the narrative has 6 words; write at most 5"),
          messages(check, subject("a b c d e f")));
      assertTrue(
          check.check(subject("a b")).stream().allMatch(v -> v.severity() == Severity.ERROR));
    }
  }
}
