package io.personaforge.validator.checks;

import io.personaforge.validator.Check;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.util.List;

/**
 * A female persona's narrative mostly says she/her, a male persona's he/him/his. Narratives mention
 * other people (a husband is "he"), so only a majority of the other gender's pronouns is a
 * contradiction. Skipped for other genders, for first-person narratives (no third-person pronouns)
 * and when the persona has no gender.
 */
public record GenderPronounCheck(String genderPath) implements Check {
  @Override
  public String name() {
    return "gender_pronouns";
  }

  @Override
  public List<Violation> check(Subject s) {
    String gender = s.attributes().get(genderPath);
    boolean female = "female".equals(gender);
    if (!female && !"male".equals(gender)) {
      return List.of();
    }
    int[] counts = count(s.lowerNarrative());
    int right = female ? counts[0] : counts[1];
    int wrong = female ? counts[1] : counts[0];
    if (wrong <= right) {
      return List.of();
    }
    String message =
        female
            ? "the narrative mostly calls her 'he/him/his' ("
                + wrong
                + " times against "
                + right
                + " 'she/her'); she is female: refer to her as she/her"
            : "the narrative mostly calls him 'she/her' ("
                + wrong
                + " times against "
                + right
                + " 'he/him/his'); he is male: refer to him as he/him/his";
    return List.of(new Violation(name(), Severity.ERROR, message));
  }

  /** {female pronouns, male pronouns} in lower-case text; only words starting with h or s. */
  static int[] count(String lower) {
    int female = 0;
    int male = 0;
    int n = lower.length();
    boolean prevLetter = false;
    for (int i = 0; i < n; i++) {
      char c = lower.charAt(i);
      boolean letter = Character.isLetter(c);
      if (letter && !prevLetter && (c == 'h' || c == 's')) {
        int end = i + 1;
        while (end < n && Character.isLetter(lower.charAt(end))) {
          end++;
        }
        int len = end - i;
        if (len >= 2 && len <= 7) {
          if (is(lower, i, len, "she")
              || is(lower, i, len, "her")
              || is(lower, i, len, "hers")
              || is(lower, i, len, "herself")) {
            female++;
          } else if (is(lower, i, len, "he")
              || is(lower, i, len, "him")
              || is(lower, i, len, "his")
              || is(lower, i, len, "himself")) {
            male++;
          }
        }
        i = end - 1;
        prevLetter = true;
        continue;
      }
      prevLetter = letter;
    }
    return new int[] {female, male};
  }

  private static boolean is(String text, int start, int len, String word) {
    return len == word.length() && text.startsWith(word, start);
  }
}
