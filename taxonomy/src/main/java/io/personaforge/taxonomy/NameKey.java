package io.personaforge.taxonomy;

import java.io.Serializable;
import java.util.Map;

/**
 * How one key column of a {@link NameTable} is read from a persona: the value of {@code attribute},
 * renamed through {@code values} when listed there ({@code "*"} pools the column), or, when {@code
 * ageIn} is set, the birth decade of someone of that age in that year ({@code 1950} for an age of
 * 70 in 2024).
 *
 * @param column the table's key column
 * @param attribute the full path of the attribute that selects it
 * @param values attribute value → table key value (values not listed are used as they are)
 * @param ageIn the reference year when the attribute is an age and the column a birth decade, or
 *     null
 */
public record NameKey(String column, String attribute, Map<String, String> values, Integer ageIn)
    implements Serializable {
  public NameKey {
    values = values == null ? Map.of() : Map.copyOf(values);
  }

  /**
   * The table key for the attribute's drawn value ({@link NameTable#ANY} when it was not drawn).
   */
  public String key(String value) {
    if (value == null) {
      return NameTable.ANY;
    }
    if (ageIn != null) {
      try {
        long birthYear = ageIn - Long.parseLong(value.trim());
        return Long.toString(Math.floorDiv(birthYear, 10) * 10);
      } catch (NumberFormatException e) {
        return NameTable.ANY;
      }
    }
    return values.getOrDefault(value, value);
  }
}
