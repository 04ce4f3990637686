package io.personaforge.validator.checks;

import io.personaforge.validator.Check;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The narrative states the persona's age and states no other as theirs: "42 years old",
 * "42-year-old", "aged 42", "age 42", also in words ("forty-two years old"). A number stated about
 * someone else ("her 12-year-old son", "his daughter is 9 years old") or in the past ("when she was
 * 12 years old", "at the age of 9") is not a contradiction. Skipped when the persona has no age.
 */
public record AgeConsistencyCheck(String agePath, String genderPath) implements Check {
  private static final String UNITS = "one|two|three|four|five|six|seven|eight|nine";
  private static final String WORD_NUMBER =
      "(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:"
          + UNITS
          + "))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
          + UNITS
          + "|one hundred)";
  private static final String NUMBER = "(\\d{1,3}|" + WORD_NUMBER + ")";
  private static final Pattern STATED_AGE =
      Pattern.compile(
          "\\b"
              + NUMBER
              + "(?:\\s+|-)years?(?:\\s+|-)old\\b|\\baged\\s+"
              + NUMBER
              + "\\b|\\bage(?:\\s+of|:)?\\s+"
              + NUMBER
              + "\\b",
          Pattern.CASE_INSENSITIVE);

  private static final Map<String, Integer> WORDS =
      Map.ofEntries(
          Map.entry("one", 1),
          Map.entry("two", 2),
          Map.entry("three", 3),
          Map.entry("four", 4),
          Map.entry("five", 5),
          Map.entry("six", 6),
          Map.entry("seven", 7),
          Map.entry("eight", 8),
          Map.entry("nine", 9),
          Map.entry("ten", 10),
          Map.entry("eleven", 11),
          Map.entry("twelve", 12),
          Map.entry("thirteen", 13),
          Map.entry("fourteen", 14),
          Map.entry("fifteen", 15),
          Map.entry("sixteen", 16),
          Map.entry("seventeen", 17),
          Map.entry("eighteen", 18),
          Map.entry("nineteen", 19),
          Map.entry("twenty", 20),
          Map.entry("thirty", 30),
          Map.entry("forty", 40),
          Map.entry("fifty", 50),
          Map.entry("sixty", 60),
          Map.entry("seventy", 70),
          Map.entry("eighty", 80),
          Map.entry("ninety", 90),
          Map.entry("one hundred", 100));

  public AgeConsistencyCheck(String agePath) {
    this(agePath, "demographics.gender");
  }

  @Override
  public String name() {
    return "age_consistency";
  }

  @Override
  public List<Violation> check(Subject s) {
    String age = s.attributes().get(agePath);
    if (age == null || age.isBlank()) {
      return List.of();
    }
    int expected;
    try {
      expected = Integer.parseInt(age.trim());
    } catch (NumberFormatException e) {
      return List.of();
    }
    String text = s.narrative();
    String lower = Text.lower(text);
    List<Violation> out = new ArrayList<>();
    boolean stated = false;
    Text.Person p = Text.Person.of(s, genderPath);
    Matcher m = STATED_AGE.matcher(text);
    while (m.find()) {
      String raw = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      int n = parse(raw);
      if (n == expected) {
        stated = true;
        continue;
      }
      boolean pastPhrase =
          m.group(3) != null && Text.precededBy(lower, m.start(), 1, java.util.Set.of("the"));
      if (pastPhrase
          || Text.inThePast(lower, m.start())
          || Text.aboutSomeoneElse(lower, m.start(), m.end())) {
        continue;
      }
      out.add(
          new Violation(
              name(),
              Severity.ERROR,
              "the narrative says "
                  + p.subject()
                  + " "
                  + p.be()
                  + " "
                  + raw.toLowerCase(Locale.ROOT)
                  + " years old; "
                  + p.subject()
                  + " "
                  + p.be()
                  + " "
                  + expected
                  + " ("
                  + m.group()
                  + ")"));
    }
    if (!stated && out.isEmpty()) {
      out.add(
          new Violation(
              name(),
              Severity.ERROR,
              "the narrative must state "
                  + p.possessive()
                  + " age: "
                  + p.subject()
                  + " "
                  + p.be()
                  + " "
                  + expected
                  + " years old"));
    }
    return out;
  }

  static int parse(String raw) {
    String s = raw.toLowerCase(Locale.ROOT).trim();
    if (Character.isDigit(s.charAt(0))) {
      return Integer.parseInt(s);
    }
    Integer whole = WORDS.get(s);
    if (whole != null) {
      return whole;
    }
    int cut = Math.max(s.indexOf('-'), s.indexOf(' '));
    return WORDS.get(s.substring(0, cut)) + WORDS.get(s.substring(cut + 1));
  }
}
