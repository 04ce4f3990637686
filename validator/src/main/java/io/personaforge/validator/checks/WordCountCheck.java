package io.personaforge.validator.checks;

import io.personaforge.validator.Check;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.util.List;

/** The narrative's length in words lies within bounds. */
public record WordCountCheck(int min, int max) implements Check {
  public WordCountCheck {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("need 0 <= min <= max, got " + min + ", " + max);
    }
  }

  @Override
  public String name() {
    return "word_count";
  }

  @Override
  public List<Violation> check(Subject s) {
    int words = count(s.narrative());
    if (words < min) {
      return List.of(
          new Violation(
              name(),
              Severity.ERROR,
              "the narrative has " + words + " words; write at least " + min));
    }
    if (words > max) {
      return List.of(
          new Violation(
              name(),
              Severity.ERROR,
              "the narrative has " + words + " words; write at most " + max));
    }
    return List.of();
  }

  /** Words in {@code text}: runs of non-white-space characters (the count the check bounds). */
  public static int count(String text) {
    int n = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        n++;
      }
      inWord = !space;
    }
    return n;
  }
}
