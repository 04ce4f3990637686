package io.personaforge.validator;

/** How bad a violation is: errors send a persona back for revision (then to rejects). */
public enum Severity {
  /** The persona may not be accepted as it is. */
  ERROR,
  /** Recorded on the persona and in the summary; the persona is still accepted. */
  WARNING
}
