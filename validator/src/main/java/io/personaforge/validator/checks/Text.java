package io.personaforge.validator.checks;

import io.personaforge.validator.Subject;
import java.util.Locale;
import java.util.Set;

/** Small, allocation-light text helpers shared by the narrative checks. */
final class Text {
  private Text() {}

  /** Nouns that, just before a phrase, make it about someone (or something) else. */
  private static final Set<String> OTHERS =
      Set.of(
          "husband",
          "wife",
          "partner",
          "spouse",
          "son",
          "sons",
          "daughter",
          "daughters",
          "child",
          "children",
          "kid",
          "kids",
          "baby",
          "grandson",
          "granddaughter",
          "grandchild",
          "grandchildren",
          "grandkids",
          "mother",
          "father",
          "mom",
          "mum",
          "dad",
          "parent",
          "parents",
          "brother",
          "brothers",
          "sister",
          "sisters",
          "sibling",
          "siblings",
          "friend",
          "friends",
          "neighbor",
          "neighbour",
          "neighbors",
          "neighbours",
          "colleague",
          "colleagues",
          "coworker",
          "coworkers",
          "co-worker",
          "boss",
          "boyfriend",
          "girlfriend",
          "fiance",
          "fiancee",
          "fiancé",
          "fiancée",
          "niece",
          "nephew",
          "cousin",
          "cousins",
          "aunt",
          "uncle",
          "grandmother",
          "grandfather",
          "grandma",
          "grandpa",
          "grandparents",
          "dog",
          "cat",
          "pet",
          "roommate",
          "stepson",
          "stepdaughter",
          "stepfather",
          "stepmother",
          "ex",
          "family",
          "team",
          "students",
          "student's",
          "patients",
          "clients",
          "customers",
          "twins",
          "twin");

  /** Words that put a number or a place in the past ("when she was 12", "since age 9"). */
  private static final Set<String> PAST =
      Set.of(
          "was",
          "were",
          "when",
          "since",
          "until",
          "till",
          "by",
          "before",
          "after",
          "used",
          "grew",
          "raised",
          "born",
          "former",
          "formerly",
          "previously",
          "once",
          "then");

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /**
   * True when one of the (up to) {@code maxWords} words before {@code start}, in the same sentence,
   * is in {@code words}.
   */
  static boolean precededBy(String lower, int start, int maxWords, Set<String> words) {
    int i = start - 1;
    for (int n = 0; n < maxWords; n++) {
      while (i >= 0 && !isWordChar(lower.charAt(i))) {
        char c = lower.charAt(i);
        if (c == '.' || c == '!' || c == '?' || c == ';' || c == '\n') {
          return false;
        }
        i--;
      }
      if (i < 0) {
        return false;
      }
      int end = i + 1;
      while (i >= 0 && isWordChar(lower.charAt(i))) {
        i--;
      }
      if (words.contains(lower.substring(i + 1, end))) {
        return true;
      }
    }
    return false;
  }

  /** True when the word right after {@code end} is in {@code words}. */
  static boolean followedBy(String lower, int end, Set<String> words) {
    int i = end;
    while (i < lower.length() && (lower.charAt(i) == ' ' || lower.charAt(i) == '-')) {
      i++;
    }
    int s = i;
    while (i < lower.length() && isWordChar(lower.charAt(i))) {
      i++;
    }
    return i > s && words.contains(lower.substring(s, i));
  }

  /** The phrase at {@code start} is about a relative, a friend or a pet, not the persona. */
  static boolean aboutSomeoneElse(String lower, int start, int end) {
    return precededBy(lower, start, 5, OTHERS) || followedBy(lower, end, OTHERS);
  }

  /**
   * One of the {@code maxWords} words before {@code start} puts the phrase in the past ("when she
   * was 12 years old", "was living in Boston").
   */
  static boolean inThePast(String lower, int start, int maxWords) {
    return precededBy(lower, start, maxWords, PAST);
  }

  static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '\'' || c == '’';
  }

  /** Whether {@code phrase} (lower case) occurs in {@code lower} between word boundaries. */
  static boolean containsPhrase(String lower, String phrase) {
    if (phrase.isEmpty()) {
      return true;
    }
    int from = 0;
    while (true) {
      int at = lower.indexOf(phrase, from);
      if (at < 0) {
        return false;
      }
      int end = at + phrase.length();
      boolean startOk = at == 0 || !Character.isLetterOrDigit(lower.charAt(at - 1));
      boolean endOk = end == lower.length() || !Character.isLetterOrDigit(lower.charAt(end));
      if (startOk && endOk) {
        return true;
      }
      from = at + 1;
    }
  }

  /** How a check refers to the persona in a message. */
  record Person(String subject, String possessive, String be) {
    static Person of(Subject s, String genderPath) {
      String g = s.attributes().get(genderPath);
      if ("female".equals(g)) {
        return new Person("she", "her", "is");
      }
      if ("male".equals(g)) {
        return new Person("he", "his", "is");
      }
      return new Person("they", "their", "are");
    }
  }
}
