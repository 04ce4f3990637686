package io.personaforge.validator;

import java.io.Serializable;
import java.util.List;

/** One named constraint on a persona. Implementations are immutable and thread-safe. */
public interface Check extends Serializable {
  /** The name reported in violations and in the summary's per-rule pass rates. */
  String name();

  /** The violations of {@code subject}; empty when it passes. */
  List<Violation> check(Subject subject);
}
