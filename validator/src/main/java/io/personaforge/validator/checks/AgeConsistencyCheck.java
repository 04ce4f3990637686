package io.personaforge.validator.checks;

import io.personaforge.validator.Check;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

  /** "N years old", matched only in a short window around each "year" (see {@link #check}). */
  private static final Pattern YEARS_OLD =
      Pattern.compile(
          "\\b" + NUMBER + "(?:\\s+|-)(years?)(?:\\s+|-)old\\b", Pattern.CASE_INSENSITIVE);

  /** "aged N", "age N", "age: N", "age of N", matched where "age" starts. */
  private static final Pattern AGED =
      Pattern.compile(
          "aged\\s+" + NUMBER + "\\b|age(?:\\s+of|:)?\\s+" + NUMBER + "\\b",
          Pattern.CASE_INSENSITIVE);

  /** Longest "N years-old" text before "year": "seventy-seven " is 14 characters. */
  private static final int BEFORE_YEAR = 24;

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
    // Regexes run only in short windows around "year" and "age": trying a number-word regex at
    // every position of a 300-word narrative costs ~100 µs; this costs a few.
    Matcher years = YEARS_OLD.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    for (int k = lower.indexOf("year"); k >= 0; k = lower.indexOf("year", k + 4)) {
      years.region(Math.max(0, k - BEFORE_YEAR), Math.min(text.length(), k + 12));
      while (years.find()) {
        if (years.start(2) != k) {
          continue;
        }
        Boolean own = judge(years.group(1), expected, lower, years.start(), years.end(), false);
        if (own == Boolean.TRUE) {
          stated = true;
        } else if (own == null) {
          out.add(violation(p, years.group(1), expected, years.group()));
        }
        break;
      }
    }
    Matcher aged = AGED.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    for (int k = lower.indexOf("age"); k >= 0; k = lower.indexOf("age", k + 3)) {
      if (k > 0 && Character.isLetter(lower.charAt(k - 1))) {
        continue;
      }
      aged.region(k, Math.min(text.length(), k + 32));
      if (!aged.lookingAt()) {
        continue;
      }
      String raw = aged.group(1) != null ? aged.group(1) : aged.group(2);
      boolean ageOf = aged.group(2) != null && Text.precededBy(lower, k, 1, THE);
      Boolean own = judge(raw, expected, lower, k, aged.end(), ageOf);
      if (own == Boolean.TRUE) {
        stated = true;
      } else if (own == null) {
        out.add(violation(p, raw, expected, aged.group()));
      }
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

  private static final Set<String> THE = Set.of("the");

  /**
   * TRUE when the stated number is the persona's age, FALSE when it is someone else's or a past age
   * (no contradiction), null when it contradicts the persona's age.
   */
  private static Boolean judge(
      String raw, int expected, String lower, int start, int end, boolean atTheAgeOf) {
    if (parse(raw) == expected) {
      return Boolean.TRUE;
    }
    if (atTheAgeOf || Text.inThePast(lower, start, 4) || Text.aboutSomeoneElse(lower, start, end)) {
      return Boolean.FALSE;
    }
    return null;
  }

  private Violation violation(Text.Person p, String raw, int expected, String said) {
    return new Violation(
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
            + " (\""
            + said
            + "\")");
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
