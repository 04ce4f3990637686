package io.personaforge.validator;

import java.io.Serializable;

/**
 * {@code validation.checks}: which built-in narrative checks run. Every check is on unless set to
 * false. The keys are the checks' names as they appear in violations and in the summary.
 */
public record ChecksConfig(
    Boolean wordCount,
    Boolean ageConsistency,
    Boolean genderPronouns,
    Boolean occupationConsistency,
    Boolean cityConsistency,
    Boolean mustMention,
    Boolean assistantBoilerplate,
    Boolean templateMarkers,
    Boolean firstNameCap,
    Boolean sampledName)
    implements Serializable {
  public ChecksConfig {
    wordCount = on(wordCount);
    ageConsistency = on(ageConsistency);
    genderPronouns = on(genderPronouns);
    occupationConsistency = on(occupationConsistency);
    cityConsistency = on(cityConsistency);
    mustMention = on(mustMention);
    assistantBoilerplate = on(assistantBoilerplate);
    templateMarkers = on(templateMarkers);
    firstNameCap = on(firstNameCap);
    sampledName = on(sampledName);
  }

  private static Boolean on(Boolean b) {
    return b == null || b;
  }

  /** Every check on. */
  public static ChecksConfig all() {
    return new ChecksConfig(null, null, null, null, null, null, null, null, null, null);
  }
}
