package io.personaforge.validator;

import java.io.Serializable;

/**
 * The {@code validation} section of run.yaml.
 *
 * @param minWords fewest words a narrative may have
 * @param maxWords most words a narrative may have
 * @param maxRevisions how many times a failing persona goes back to the writer before rejection
 */
public record ValidationConfig(Integer minWords, Integer maxWords, Integer maxRevisions)
    implements Serializable {
  public static final int DEFAULT_MIN_WORDS = 40;
  public static final int DEFAULT_MAX_WORDS = 600;
  public static final int DEFAULT_MAX_REVISIONS = 2;

  public ValidationConfig {
    minWords = minWords == null ? DEFAULT_MIN_WORDS : minWords;
    maxWords = maxWords == null ? DEFAULT_MAX_WORDS : maxWords;
    maxRevisions = maxRevisions == null ? DEFAULT_MAX_REVISIONS : maxRevisions;
    if (minWords < 0) {
      throw new IllegalArgumentException("min_words must be >= 0, got " + minWords);
    }
    if (maxWords < minWords) {
      throw new IllegalArgumentException(
          "max_words (" + maxWords + ") is below min_words (" + minWords + ")");
    }
    if (maxRevisions < 0 || maxRevisions > 10) {
      throw new IllegalArgumentException("max_revisions must be in [0, 10], got " + maxRevisions);
    }
  }

  public static ValidationConfig defaults() {
    return new ValidationConfig(null, null, null);
  }
}
