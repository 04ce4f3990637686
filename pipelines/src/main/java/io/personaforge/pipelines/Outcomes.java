package io.personaforge.pipelines;

import org.apache.beam.sdk.values.TupleTag;

/**
 * The ends a persona can reach, as Beam output tags. Every generated persona ends in exactly one of
 * accepted, rejected (with reasons), duplicate (with the id it duplicates) or surplus.
 */
public final class Outcomes {
  /** Still in the running (after a step), or accepted (after {@link SettlePersonas}). */
  public static final TupleTag<PersonaRecord> ALIVE = new TupleTag<>("alive") {};

  /** Failed generation or validation, with every violation and the last output. */
  public static final TupleTag<PersonaRecord> REJECTED = new TupleTag<>("rejected") {};

  /** Near-duplicate of an earlier persona. */
  public static final TupleTag<DuplicateRow> DUPLICATE = new TupleTag<>("duplicate") {};

  /** Valid and unique but its quota cell was already full. */
  public static final TupleTag<PersonaRecord> SURPLUS = new TupleTag<>("surplus") {};

  /** Failed an error-severity check but may still be revised. */
  public static final TupleTag<PersonaRecord> NEEDS_REVISION = new TupleTag<>("needs-revision") {};

  /** Validation statistics of one bundle (merged into the summary). */
  public static final TupleTag<io.personaforge.validator.ValidationStats> VALIDATION_STATS =
      new TupleTag<>("validation-stats") {};

  private Outcomes() {}
}
