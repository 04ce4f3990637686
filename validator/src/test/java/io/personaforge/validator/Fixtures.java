package io.personaforge.validator;

import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small hand-written taxonomies and personas shared by the tests. */
public final class Fixtures {
  private Fixtures() {}

  public static final String TAXONOMY_YAML =
      """
      name: tiny
      categories:
        demographics:
          attributes:
            age: {type: integer, core: true, min: 18, max: 90}
            gender: {type: categorical, values: {female: 1, male: 1, nonbinary: 1}}
        location:
          attributes:
            city: {type: categorical, values: {Denver: 1, Boston: 1, New York: 1}}
        work:
          attributes:
            occupation: {type: categorical, core: true, values: {nurse: 1, lawyer: 1, student: 1, software engineer: 1, none: 1}}
        finances:
          attributes:
            savings_rate: {type: number, min: 0, max: 1}
        household:
          attributes:
            marital_status: {type: categorical, values: {married: 1, divorced: 1}}
            children: {type: integer, min: 0, max: 4}
        health:
          attributes:
            smoker: {type: boolean, core: true, p_true: 0.1}
      """;

  public static Taxonomy tiny() {
    return TaxonomyLoader.parse("tiny.yaml", TAXONOMY_YAML);
  }

  /** Attributes from alternating path, value arguments. */
  public static AttributeSet attrs(String... pathValue) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pathValue.length; i += 2) {
      m.put(pathValue[i], pathValue[i + 1]);
    }
    return new AttributeSet(m);
  }

  public static Subject subject(String narrative, String... pathValue) {
    return new Subject(attrs(pathValue), narrative, Map.of("name", "Maria Lopez"));
  }
}
