package io.personaforge.taxonomy;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How the offline writer states an attribute: a verb phrase that follows the persona's name or
 * pronoun, written for "she"/"he" ("works in {value}", "has a garden"). {@code {value}} is the
 * drawn value; {@code {their}}, {@code {them}} and {@code {themselves}} become the persona's
 * pronouns. The writer turns the first verb into its plural form when the pronoun is "they". A
 * phrase may offer alternatives separated by {@code " | "} ("is married | has a spouse"); the
 * writer picks one per persona, so personas that share a value need not share its words.
 *
 * @param pattern the phrase for any value, or null
 * @param values phrases for single values ({@code "true"}/{@code "false"} for booleans), which win
 *     over {@code pattern}
 */
public record Phrasing(String pattern, Map<String, String> values) implements Serializable {
  /** No phrasing: the writer falls back to its generic sentence for the attribute's type. */
  public static final Phrasing NONE = new Phrasing(null, Map.of());

  public Phrasing {
    values = values == null ? Map.of() : Map.copyOf(values);
    pattern = pattern == null || pattern.isBlank() ? null : pattern.strip();
  }

  /** The phrase for {@code value}, or null when the taxonomy gives none. */
  public String phraseFor(String value) {
    String p = values.get(value);
    return p != null ? p : pattern;
  }

  /** The alternatives of a phrase: its parts between {@code " | "}, trimmed, blanks dropped. */
  public static List<String> alternatives(String phrase) {
    List<String> out =
        Arrays.stream(phrase.split("\\s\\|\\s"))
            .map(String::strip)
            .filter(p -> !p.isEmpty())
            .toList();
    return out.isEmpty() ? List.of(phrase.strip()) : out;
  }

  public boolean isEmpty() {
    return pattern == null && values.isEmpty();
  }
}
