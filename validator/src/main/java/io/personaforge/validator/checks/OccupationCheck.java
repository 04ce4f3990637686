package io.personaforge.validator.checks;

import io.personaforge.validator.Check;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The narrative names the persona's occupation and names no other occupation the taxonomy knows as
 * theirs ("works as a lawyer", "she is an accountant", "occupation: cook"). Past jobs ("worked as")
 * and other people's jobs ("her husband is a lawyer") are not contradictions. The occupation {@code
 * none} need not be mentioned. Skipped when the persona has no occupation.
 *
 * @param occupationPath the occupation attribute
 * @param genderPath the gender attribute (for pronouns in messages)
 * @param knownOccupations every occupation the taxonomy can draw (contradictions are only detected
 *     among these)
 */
public record OccupationCheck(
    String occupationPath, String genderPath, Set<String> knownOccupations) implements Check {
  /** Values that are not jobs and need no mention. */
  private static final Set<String> NOT_MENTIONED = Set.of("none", "");

  public OccupationCheck {
    knownOccupations = Set.copyOf(knownOccupations);
  }

  @Override
  public String name() {
    return "occupation_consistency";
  }

  @Override
  public List<Violation> check(Subject s) {
    String own = s.attributes().get(occupationPath);
    if (own == null) {
      return List.of();
    }
    String ownLower = Text.lower(own.trim());
    String lower = Text.lower(s.narrative());
    Text.Person p = Text.Person.of(s, genderPath);
    List<Violation> out = new ArrayList<>(1);
    Matcher m = Patterns.of(knownOccupations).matcher(lower);
    while (m.find()) {
      String named = m.group(1);
      if (named.equals(ownLower)
          || ownLower.contains(named)
          || named.contains(ownLower)
          || Text.aboutSomeoneElse(lower, m.start(), m.end())
          || Text.inThePast(lower, m.start())) {
        continue;
      }
      out.add(
          new Violation(
              name(),
              Severity.ERROR,
              "the narrative says "
                  + p.subject()
                  + " "
                  + p.be()
                  + " "
                  + named
                  + " (\""
                  + m.group().trim()
                  + "\"); "
                  + p.possessive()
                  + " occupation is "
                  + own));
    }
    if (!NOT_MENTIONED.contains(ownLower) && !Text.containsPhrase(lower, ownLower)) {
      out.add(
          new Violation(
              name(),
              Severity.ERROR,
              "the narrative must mention " + p.possessive() + " occupation: " + own));
    }
    return out;
  }

  /** One compiled pattern per set of occupations, shared by all checks built with that set. */
  private static final class Patterns {
    private static final java.util.concurrent.ConcurrentHashMap<Set<String>, Pattern> CACHE =
        new java.util.concurrent.ConcurrentHashMap<>();

    static Pattern of(Set<String> occupations) {
      return CACHE.computeIfAbsent(occupations, Patterns::build);
    }

    private static Pattern build(Set<String> occupations) {
      List<String> sorted =
          occupations.stream()
              .map(o -> Text.lower(o.trim()))
              .filter(o -> !NOT_MENTIONED.contains(o))
              .distinct()
              .sorted(Comparator.comparingInt(String::length).reversed())
              .map(Pattern::quote)
              .toList();
      if (sorted.isEmpty()) {
        return Pattern.compile("(?!x)x(x)");
      }
      return Pattern.compile(
          "\\b(?:works as|working as|employed as|job as|career as|occupation is|occupation:"
              + "|profession is|profession:|is|is now)\\s+(?:an?\\s+)?("
              + String.join("|", sorted)
              + ")\\b");
    }
  }
}
