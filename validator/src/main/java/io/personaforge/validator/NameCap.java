package io.personaforge.validator;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The run-wide cap on how often one first name may appear. It needs every persona with the same
 * first name at once, so the pipeline groups personas by {@link #firstName(String)} and calls
 * {@link #overCap(List, long)} per group. Deterministic: the personas kept are the first by (round,
 * ordinal), so every runner and every parallelism keeps the same ones, and personas accepted in an
 * earlier round always keep their place.
 */
public final class NameCap {
  /** Rule name of the violation given to personas over the cap. */
  public static final String RULE = "first_name_cap";

  private static final Set<String> TITLES =
      Set.of("dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sir", "dame", "rev");

  private NameCap() {}

  /**
   * One persona with a given first name.
   *
   * @param id the persona's id
   * @param round the round it was generated in
   * @param ordinal its ordinal within the round
   */
  public record Entry(String id, int round, long ordinal) implements Serializable {
    public Entry {
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("id is empty");
      }
      if (round < 0 || ordinal < 0) {
        throw new IllegalArgumentException(
            "round and ordinal must be >= 0, got " + round + ", " + ordinal);
      }
    }
  }

  /** The order in which personas keep their name: earlier rounds first, then lower ordinals. */
  public static final Comparator<Entry> KEEP_ORDER =
      Comparator.comparingInt(Entry::round)
          .thenComparingLong(Entry::ordinal)
          .thenComparing(Entry::id);

  /**
   * The ids of the personas (all with the same first name) beyond the first {@code cap} by (round,
   * ordinal), in keep order; empty when the group is within the cap.
   */
  public static List<String> overCap(List<Entry> sameFirstName, long cap) {
    if (cap < 0) {
      throw new IllegalArgumentException("cap must be >= 0, got " + cap);
    }
    if (sameFirstName.size() <= cap) {
      return List.of();
    }
    List<Entry> sorted = new ArrayList<>(sameFirstName);
    sorted.sort(KEEP_ORDER);
    List<String> out = new ArrayList<>(sorted.size() - (int) cap);
    for (int i = (int) cap; i < sorted.size(); i++) {
      out.add(sorted.get(i).id());
    }
    return out;
  }

  /**
   * The grouping key: the first word of {@code name}, lower-cased, without a title ("Dr. Maria
   * Garcia" → "maria") or surrounding punctuation; "" when there is none.
   */
  public static String firstName(String name) {
    if (name == null) {
      return "";
    }
    for (String word : name.trim().split("\\s+")) {
      String w = stripPunctuation(word).toLowerCase(Locale.ROOT);
      if (!w.isEmpty() && !TITLES.contains(w)) {
        return w;
      }
    }
    return "";
  }

  private static String stripPunctuation(String w) {
    int s = 0;
    int e = w.length();
    while (s < e && !Character.isLetterOrDigit(w.charAt(s))) {
      s++;
    }
    while (e > s && !Character.isLetterOrDigit(w.charAt(e - 1))) {
      e--;
    }
    return w.substring(s, e);
  }

  /** The violation for a persona over the cap, worded for a revision. */
  public static Violation violation(String name, long cap) {
    return new Violation(
        RULE,
        Severity.ERROR,
        "the first name '"
            + firstNameAsWritten(name)
            + "' is already used by "
            + cap
            + " personas in this corpus (the cap); choose a different, less common first name");
  }

  private static String firstNameAsWritten(String name) {
    if (name == null) {
      return "";
    }
    for (String word : name.trim().split("\\s+")) {
      String w = stripPunctuation(word);
      if (!w.isEmpty() && !TITLES.contains(w.toLowerCase(Locale.ROOT))) {
        return w;
      }
    }
    return "";
  }
}
