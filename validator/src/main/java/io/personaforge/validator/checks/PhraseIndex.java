package io.personaforge.validator.checks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of lower-case phrases (occupations, cities) looked up by their first word, so that "which
 * known phrase starts here?" costs a hash lookup instead of a regex alternation tried at every
 * position. Immutable and thread-safe.
 */
final class PhraseIndex {
  /** First word → phrases starting with it, longest first. */
  private final Map<String, List<String>> byFirstWord;

  private PhraseIndex(Collection<String> phrases) {
    Map<String, List<String>> m = new HashMap<>();
    for (String p : phrases) {
      String lower = Text.lower(p.trim());
      if (lower.isEmpty()) {
        continue;
      }
      int sp = firstWordEnd(lower, 0);
      m.computeIfAbsent(lower.substring(0, sp), k -> new ArrayList<>()).add(lower);
    }
    for (List<String> l : m.values()) {
      l.sort(Comparator.comparingInt(String::length).reversed());
    }
    this.byFirstWord = m;
  }

  static PhraseIndex of(Collection<String> phrases) {
    return new PhraseIndex(phrases);
  }

  /**
   * The longest phrase that starts at {@code pos} of {@code lower} and ends at a word boundary, or
   * null.
   */
  String at(String lower, int pos) {
    if (pos >= lower.length()) {
      return null;
    }
    int end = firstWordEnd(lower, pos);
    if (end == pos) {
      return null;
    }
    List<String> candidates = byFirstWord.get(lower.substring(pos, end));
    if (candidates == null) {
      return null;
    }
    for (String c : candidates) {
      int e = pos + c.length();
      if (lower.startsWith(c, pos)
          && (e == lower.length() || !Character.isLetterOrDigit(lower.charAt(e)))) {
        return c;
      }
    }
    return null;
  }

  private static int firstWordEnd(String s, int from) {
    int i = from;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '\'')) {
      i++;
    }
    return i;
  }

  /** Position after {@code word} and the spaces that follow it, when it starts at {@code pos}. */
  static int skipWord(String lower, int pos, String word) {
    if (!lower.startsWith(word, pos)) {
      return pos;
    }
    int e = pos + word.length();
    if (e >= lower.length() || lower.charAt(e) != ' ') {
      return pos;
    }
    while (e < lower.length() && lower.charAt(e) == ' ') {
      e++;
    }
    return e;
  }

  /**
   * Every position where one of {@code triggers} (lower case, each ending with a space or ':')
   * occurs at a word start, reported as the index just after the trigger and following spaces.
   */
  static void forEachTrigger(String lower, List<String> triggers, TriggerAction action) {
    for (String t : triggers) {
      int from = 0;
      while (true) {
        int at = lower.indexOf(t, from);
        if (at < 0) {
          break;
        }
        from = at + 1;
        if (at > 0 && Character.isLetterOrDigit(lower.charAt(at - 1))) {
          continue;
        }
        int after = at + t.length();
        while (after < lower.length() && lower.charAt(after) == ' ') {
          after++;
        }
        action.at(at, after);
      }
    }
  }

  /** Called with the trigger's start and the index after it. */
  interface TriggerAction {
    void at(int triggerStart, int after);
  }
}
