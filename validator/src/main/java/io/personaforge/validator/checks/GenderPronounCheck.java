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
    int[] counts = count(s.narrative());
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

  /** {female pronouns, male pronouns}, counted over whole words without allocating per word. */
  static int[] count(String text) {
    int female = 0;
    int male = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && !Character.isLetter(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && Character.isLetter(text.charAt(i))) {
        i++;
      }
      int len = i - start;
      if (len < 2 || len > 7) {
        continue;
      }
      if (is(text, start, len, "she")
          || is(text, start, len, "her")
          || is(text, start, len, "hers")
          || is(text, start, len, "herself")) {
        female++;
      } else if (is(text, start, len, "he")
          || is(text, start, len, "him")
          || is(text, start, len, "his")
          || is(text, start, len, "himself")) {
        male++;
      }
    }
    return new int[] {female, male};
  }

  private static boolean is(String text, int start, int len, String word) {
    return len == word.length() && text.regionMatches(true, start, word, 0, len);
  }
}
