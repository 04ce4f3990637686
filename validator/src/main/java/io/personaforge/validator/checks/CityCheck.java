package io.personaforge.validator.checks;

import io.personaforge.validator.Check;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The narrative names the persona's city and does not say they live in another city the taxonomy
 * knows ("lives in Boston", "based in Boston", "calls Boston home", "resident of Boston"). Other
 * people's homes and past homes ("grew up in Boston") are not contradictions. Skipped when the
 * persona has no city.
 *
 * @param cityPath the city attribute
 * @param genderPath the gender attribute (for pronouns in messages)
 * @param knownCities every city the taxonomy can draw
 */
public record CityCheck(String cityPath, String genderPath, Set<String> knownCities)
    implements Check {
  private static final ConcurrentHashMap<Set<String>, Pattern> PATTERNS = new ConcurrentHashMap<>();

  public CityCheck {
    knownCities = Set.copyOf(knownCities);
  }

  @Override
  public String name() {
    return "city_consistency";
  }

  @Override
  public List<Violation> check(Subject s) {
    String own = s.attributes().get(cityPath);
    if (own == null || own.isBlank()) {
      return List.of();
    }
    String ownLower = Text.lower(own.trim());
    String lower = Text.lower(s.narrative());
    Text.Person p = Text.Person.of(s, genderPath);
    List<Violation> out = new ArrayList<>(1);
    Matcher m = PATTERNS.computeIfAbsent(knownCities, CityCheck::build).matcher(lower);
    while (m.find()) {
      String named = m.group(1) != null ? m.group(1) : m.group(2);
      int at = m.group(1) != null ? m.start(1) : m.start();
      if (named.equals(ownLower)
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
                  + (p.be().equals("are") ? "live" : "lives")
                  + " in "
                  + s.narrative().substring(at, at + named.length())
                  + "; "
                  + p.subject()
                  + " "
                  + (p.be().equals("are") ? "live" : "lives")
                  + " in "
                  + own));
    }
    if (!Text.containsPhrase(lower, ownLower)) {
      out.add(
          new Violation(
              name(),
              Severity.ERROR,
              "the narrative must mention " + p.possessive() + " city: " + own));
    }
    return out;
  }

  private static Pattern build(Set<String> cities) {
    List<String> sorted =
        cities.stream()
            .map(c -> Text.lower(c.trim()))
            .filter(c -> !c.isEmpty())
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .map(Pattern::quote)
            .toList();
    if (sorted.isEmpty()) {
      return Pattern.compile("(?!x)x(x)(x)");
    }
    String alt = String.join("|", sorted);
    return Pattern.compile(
        "\\b(?:lives in|living in|resides in|residing in|resident of|based in|home in|lives just"
            + " outside|lives near)\\s+(?:the\\s+)?("
            + alt
            + ")\\b|\\bcalls\\s+("
            + alt
            + ")\\s+home\\b");
  }
}
