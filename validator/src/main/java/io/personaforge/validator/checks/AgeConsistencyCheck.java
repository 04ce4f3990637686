package io.personaforge.validator.checks;

import io.personaforge.validator.Check;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The narrative states the persona's age and states no other: every "N years old" / "N-year-old" /
 * "aged N" must be the sampled age. Skipped when the persona has no age attribute.
 */
public record AgeConsistencyCheck(String agePath) implements Check {
  private static final Pattern STATED_AGE =
      Pattern.compile(
          "\\b(\\d{1,3})(?:\\s*|-)years?(?:\\s*|-)old\\b|\\baged\\s+(\\d{1,3})\\b|\\bage(?:\\s+of)?\\s+(\\d{1,3})\\b",
          Pattern.CASE_INSENSITIVE);

  @Override
  public String name() {
    return "age_consistency";
  }

  @Override
  public List<Violation> check(Subject s) {
    String age = s.attributes().get(agePath);
    if (age == null || age.isEmpty()) {
      return List.of();
    }
    List<Violation> out = new ArrayList<>();
    boolean stated = false;
    Matcher m = STATED_AGE.matcher(s.narrative());
    while (m.find()) {
      String n = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      if (n.equals(age)) {
        stated = true;
      } else {
        out.add(
            new Violation(
                name(),
                Severity.ERROR,
                "the narrative says the person is " + n + " years old; they are " + age));
      }
    }
    if (!stated && out.isEmpty()) {
      out.add(
          new Violation(
              name(),
              Severity.ERROR,
              "the narrative must state the person's age (" + age + " years old)"));
    }
    return out;
  }
}
