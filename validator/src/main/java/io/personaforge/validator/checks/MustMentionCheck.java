package io.personaforge.validator.checks;

import io.personaforge.validator.Check;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every attribute listed in {@code validation.must_mention} has its value in the narrative, as a
 * whole word or phrase, ignoring case ("divorced", "Denver", "3"). Attributes the persona lacks,
 * empty values and the value {@code none} are skipped.
 *
 * @param labels attribute path to its human label (used in messages), in config order
 */
public record MustMentionCheck(Map<String, String> labels, String genderPath) implements Check {
  public MustMentionCheck {
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  @Override
  public String name() {
    return "must_mention";
  }

  @Override
  public List<Violation> check(Subject s) {
    String lower = null;
    List<Violation> out = null;
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String value = s.attributes().get(e.getKey());
      if (value == null || value.isBlank() || value.equalsIgnoreCase("none")) {
        continue;
      }
      if (lower == null) {
        lower = s.lowerNarrative();
      }
      if (!Text.containsPhrase(lower, Text.lower(value.trim()))) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        Text.Person p = Text.Person.of(s, genderPath);
        out.add(
            new Violation(
                name(),
                Severity.ERROR,
                "the narrative must mention "
                    + p.possessive()
                    + " "
                    + e.getValue()
                    + ": "
                    + value));
      }
    }
    return out == null ? List.of() : out;
  }
}
