package io.personaforge.pipelines;

import java.io.Serializable;

/**
 * A persona at the end of its round, with the one outcome it reached: accepted, rejected (with
 * reasons), duplicate (with the persona it duplicates) or surplus. A round's pipeline ends in one
 * stream of these, written to the tables by one step — one stream rather than one per outcome,
 * because on Flink every extra output of a step is read, and decoded, in full by its own consumer.
 *
 * @param kind the outcome
 * @param persona the persona, whatever its outcome: what it adds to the run's figures (validation,
 *     leaves drawn) is tallied from it when it is written
 * @param duplicate the duplicates-table row; null unless {@code kind} is DUPLICATE
 */
public record Settled(Kind kind, PersonaRecord persona, DuplicateRow duplicate)
    implements Serializable {
  /** The ends a persona can reach. */
  public enum Kind {
    ACCEPTED,
    REJECTED,
    DUPLICATE,
    SURPLUS
  }

  public Settled {
    if ((kind == Kind.DUPLICATE) != (duplicate != null) || persona == null) {
      throw new IllegalArgumentException(
          "a settled persona carries its persona, and a duplicate its row too");
    }
  }

  public static Settled accepted(PersonaRecord p) {
    return new Settled(Kind.ACCEPTED, p, null);
  }

  /** A persona that failed generation or validation ({@code p.failedStage()} says which). */
  public static Settled rejected(PersonaRecord p) {
    return new Settled(Kind.REJECTED, p, null);
  }

  public static Settled surplus(PersonaRecord p) {
    return new Settled(Kind.SURPLUS, p, null);
  }

  /** The persona {@code p}, removed as a duplicate: {@code row} is its duplicates-table row. */
  public static Settled duplicate(DuplicateRow row, PersonaRecord p) {
    return new Settled(Kind.DUPLICATE, p, row);
  }

  /** The persona's id, whatever its outcome. */
  public String id() {
    return persona.id();
  }
}
