package io.personaforge.validator.checks;

import io.personaforge.validator.Check;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * No unfilled template markers remain in the narrative or the generated fields: {@code {{name}}},
 * {@code %NAME%}, {@code [insert city]}, {@code [Name]}, {@code <name>}, {@code {age}}, {@code
 * ${city}}.
 */
public record TemplateMarkerCheck() implements Check {
  private static final String SLOT =
      "(?:name|first name|last name|full name|age|city|town|location|occupation|job|gender"
          + "|pronoun|company|school|state|country|hobby|insert[^\\]>}\\n]{0,40}|your[^\\]>}\\n]{0,40}"
          + "|placeholder|redacted|x+)";
  private static final Pattern MARKER =
      Pattern.compile(
          "\\{\\{[^}\\n]{0,60}\\}\\}|\\{\\{|\\}\\}|%[A-Z][A-Z0-9_]*%|\\$\\{[^}\\n]{0,60}\\}"
              + "|\\[\\s*"
              + SLOT
              + "\\s*\\]|<\\s*"
              + SLOT
              + "\\s*>|\\{\\s*"
              + SLOT
              + "\\s*\\}",
          Pattern.CASE_INSENSITIVE);

  @Override
  public String name() {
    return "template_markers";
  }

  @Override
  public List<Violation> check(Subject s) {
    Set<String> found = new LinkedHashSet<>();
    collect(s.narrative(), found);
    for (String v : s.fields().values()) {
      collect(v, found);
    }
    if (found.isEmpty()) {
      return List.of();
    }
    return List.of(
        new Violation(
            name(),
            Severity.ERROR,
            "replace the unfilled template markers "
                + String.join(", ", found.stream().map(f -> "'" + f + "'").toList())
                + " with the persona's actual details"));
  }

  private static void collect(String text, Set<String> found) {
    if (text == null || text.isEmpty()) {
      return;
    }
    // Cheap pre-test: every marker contains one of these characters.
    if (text.indexOf('{') < 0
        && text.indexOf('}') < 0
        && text.indexOf('%') < 0
        && text.indexOf('[') < 0
        && text.indexOf('<') < 0) {
      return;
    }
    Matcher m = MARKER.matcher(text);
    while (m.find() && found.size() < 5) {
      found.add(m.group());
    }
  }
}
