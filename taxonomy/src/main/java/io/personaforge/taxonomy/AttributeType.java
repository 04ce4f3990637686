package io.personaforge.taxonomy;

/** The kind of value a leaf attribute holds. */
public enum AttributeType {
  /** One of a list of values, drawn by weight. */
  CATEGORICAL,
  /** A whole number in a range. */
  INTEGER,
  /** A decimal number in a range. */
  NUMBER,
  /** true or false. */
  BOOLEAN,
  /** Free text the LLM fills in from a hint; the sampler records the hint, not a value. */
  TEXT,
  /** A person's name (or part of one), drawn from a name table keyed by other attributes. */
  NAME
}
