package io.personaforge.validator.checks;

import io.personaforge.validator.Check;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The persona uses the name the sampler drew for it: the narrative mentions every drawn part (first
 * name, surname) as a whole word, and a {@code name} field, when the writer returns one, is the
 * full name exactly. Runs only for taxonomies with name attributes; a part that was not drawn is
 * not required.
 */
public final class SampledNameCheck implements Check {
  private static final long serialVersionUID = 1L;

  /** The check's name in violations, the summary and {@code validation.checks}. */
  public static final String NAME = "sampled_name";

  private final List<String> namePaths;
  private final String genderPath;

  /**
   * @param namePaths the name attributes, in the order their values form the full name
   * @param genderPath the gender attribute (for pronouns in messages)
   */
  public SampledNameCheck(List<String> namePaths, String genderPath) {
    this.namePaths = List.copyOf(namePaths);
    this.genderPath = genderPath;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Violation> check(Subject s) {
    List<String> parts = new ArrayList<>();
    for (String path : namePaths) {
      String v = s.attributes().get(path);
      if (v != null && !v.isBlank()) {
        parts.add(v.strip());
      }
    }
    if (parts.isEmpty()) {
      return List.of();
    }
    String full = String.join(" ", parts);
    List<Violation> out = new ArrayList<>(1);
    String field = s.fields().get("name");
    if (field != null && !normal(field).equals(normal(full))) {
      out.add(
          new Violation(
              NAME,
              Severity.ERROR,
              "the name field must be the persona's given name '"
                  + full
                  + "' exactly, not '"
                  + field.strip()
                  + "'"));
    }
    String lower = s.lowerNarrative();
    List<String> missing = new ArrayList<>();
    for (String part : parts) {
      if (!Text.containsPhrase(lower, Text.lower(part))) {
        missing.add(part);
      }
    }
    if (!missing.isEmpty()) {
      Text.Person p = Text.Person.of(s, genderPath);
      out.add(
          new Violation(
              NAME,
              Severity.ERROR,
              "the narrative must call the persona by "
                  + p.possessive()
                  + " given name, "
                  + full
                  + " (missing: "
                  + String.join(", ", missing)
                  + ")"));
    }
    return out;
  }

  private static String normal(String name) {
    return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
