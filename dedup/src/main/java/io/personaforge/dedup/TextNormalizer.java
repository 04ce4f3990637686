package io.personaforge.dedup;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Normalises text before comparison so that case, punctuation, accents and spacing do not hide a
 * duplicate: lower-case, accents stripped, punctuation removed, white space collapsed.
 */
public final class TextNormalizer {
  private TextNormalizer() {}

  public static String normalize(String text) {
    // Plain ASCII has nothing to decompose; skipping NFKD halves the cost of the common case.
    String decomposed = isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFKD);
    StringBuilder sb = new StringBuilder(decomposed.length());
    boolean space = true;
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      if (Character.isLetterOrDigit(c)) {
        sb.append(Character.toLowerCase(c));
        space = false;
      } else if (Character.isWhitespace(c) || isWordBreak(c)) {
        if (!space) {
          sb.append(' ');
          space = true;
        }
      }
      // other punctuation (apostrophes, periods inside words) is dropped
    }
    int end = sb.length();
    if (end > 0 && sb.charAt(end - 1) == ' ') {
      sb.setLength(end - 1);
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 128) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWordBreak(char c) {
    return c == '-' || c == '/' || c == '_' || c == ',' || c == '.' || c == ';' || c == ':'
        || c == '!' || c == '?' || c == '(' || c == ')' || c == '"';
  }
}
