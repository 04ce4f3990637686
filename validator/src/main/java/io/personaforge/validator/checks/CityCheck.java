package io.personaforge.validator.checks;

import io.personaforge.validator.Check;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The narrative names the persona's city and does not say they live in another city the taxonomy
 * knows ("lives in Boston", "based in Boston", "calls Boston home", "resident of Boston"). Other
 * people's homes and past homes ("grew up in Boston") are not contradictions. Skipped when the
 * persona has no city.
 */
public final class CityCheck implements Check {
  private static final long serialVersionUID = 1L;

  private final String cityPath;
  private final String genderPath;
  private final Set<String> knownCities;

  /** Built on first use (and again after deserialization); shared by all threads. */
  private transient volatile PhraseIndex index;

  /** Phrases after which a known city is stated as where the persona (or someone) lives. */
  private static final List<String> TRIGGERS =
      List.of(
          "lives in ",
          "living in ",
          "resides in ",
          "residing in ",
          "resident of ",
          "based in ",
          "home in ",
          "lives just outside ",
          "lives near ",
          "calls ");

  /**
   * @param cityPath the city attribute
   * @param genderPath the gender attribute (for pronouns in messages)
   * @param knownCities every city the taxonomy can draw
   */
  public CityCheck(String cityPath, String genderPath, Set<String> knownCities) {
    this.cityPath = cityPath;
    this.genderPath = genderPath;
    this.knownCities = Set.copyOf(knownCities);
  }

  public String cityPath() {
    return cityPath;
  }

  public String genderPath() {
    return genderPath;
  }

  public Set<String> knownCities() {
    return knownCities;
  }

  private PhraseIndex index() {
    PhraseIndex i = index;
    if (i == null) {
      i = PhraseIndex.of(knownCities);
      index = i;
    }
    return i;
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
    String lower = s.lowerNarrative();
    Text.Person p = Text.Person.of(s, genderPath);
    List<Violation> out = new ArrayList<>(1);
    PhraseIndex index = index();
    String lives = p.be().equals("are") ? "live" : "lives";
    PhraseIndex.TriggerAction action =
        (start, after) -> {
          int pos = PhraseIndex.skipWord(lower, after, "the");
          String named = index.at(lower, pos);
          if (named == null) {
            return;
          }
          int end = pos + named.length();
          boolean calls = lower.startsWith("calls", start);
          if (calls && !lower.startsWith(" home", end)) {
            return;
          }
          if (named.equals(ownLower)
              || Text.aboutSomeoneElse(lower, start, end)
              || Text.inThePast(lower, start, 2)) {
            return;
          }
          out.add(
              new Violation(
                  name(),
                  Severity.ERROR,
                  "the narrative says "
                      + p.subject()
                      + " "
                      + lives
                      + " in "
                      + s.narrative().substring(pos, end)
                      + "; "
                      + p.subject()
                      + " "
                      + lives
                      + " in "
                      + own));
        };
    PhraseIndex.forEachTrigger(lower, TRIGGERS, action);
    if (!Text.containsPhrase(lower, ownLower)) {
      out.add(
          new Violation(
              name(),
              Severity.ERROR,
              "the narrative must mention " + p.possessive() + " city: " + own));
    }
    return out;
  }
}
