package io.personaforge.validator.checks;

import io.personaforge.validator.Check;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The narrative names the persona's occupation and names no other occupation the taxonomy knows as
 * theirs ("works as a lawyer", "she is an accountant", "occupation: cook"). Past jobs ("worked as")
 * and other people's jobs ("her husband is a lawyer") are not contradictions. The occupation {@code
 * none} need not be mentioned. Skipped when the persona has no occupation.
 */
public final class OccupationCheck implements Check {
  private static final long serialVersionUID = 1L;

  private final String occupationPath;
  private final String genderPath;
  private final Set<String> knownOccupations;

  /** Built on first use (and again after deserialization); shared by all threads. */
  private transient volatile PhraseIndex index;

  /** Phrases after which a known occupation is stated as the persona's own (or someone's). */
  private static final List<String> TRIGGERS =
      List.of(
          "works as ",
          "working as ",
          "employed as ",
          "job as ",
          "career as ",
          "occupation is ",
          "occupation: ",
          "profession is ",
          "profession: ",
          "is ",
          "is now ");

  /** Values that are not jobs and need no mention. */
  private static final Set<String> NOT_MENTIONED = Set.of("none", "");

  /**
   * @param occupationPath the occupation attribute
   * @param genderPath the gender attribute (for pronouns in messages)
   * @param knownOccupations every occupation the taxonomy can draw (contradictions are only
   *     detected among these)
   */
  public OccupationCheck(String occupationPath, String genderPath, Set<String> knownOccupations) {
    this.occupationPath = occupationPath;
    this.genderPath = genderPath;
    this.knownOccupations = Set.copyOf(knownOccupations);
  }

  public String occupationPath() {
    return occupationPath;
  }

  public String genderPath() {
    return genderPath;
  }

  public Set<String> knownOccupations() {
    return knownOccupations;
  }

  private PhraseIndex index() {
    PhraseIndex i = index;
    if (i == null) {
      i = PhraseIndex.of(knownOccupations);
      index = i;
    }
    return i;
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
    String lower = s.lowerNarrative();
    Text.Person p = Text.Person.of(s, genderPath);
    List<Violation> out = new ArrayList<>(1);
    PhraseIndex index = index();
    PhraseIndex.forEachTrigger(
        lower,
        TRIGGERS,
        (start, after) -> {
          int pos = PhraseIndex.skipWord(lower, after, "an");
          pos = pos == after ? PhraseIndex.skipWord(lower, after, "a") : pos;
          String named = index.at(lower, pos);
          if (named == null
              || NOT_MENTIONED.contains(named)
              || named.equals(ownLower)
              || ownLower.contains(named)
              || named.contains(ownLower)
              || Text.aboutSomeoneElse(lower, start, pos + named.length())
              || Text.inThePast(lower, start, 2)) {
            return;
          }
          String said = s.narrative().substring(start, pos + named.length());
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
                      + said
                      + "\"); "
                      + p.possessive()
                      + " occupation is "
                      + own));
        });
    if (!NOT_MENTIONED.contains(ownLower) && !Text.containsPhrase(lower, ownLower)) {
      out.add(
          new Violation(
              name(),
              Severity.ERROR,
              "the narrative must mention " + p.possessive() + " occupation: " + own));
    }
    return out;
  }
}
