package io.personaforge.validator;

import java.io.Serializable;

/**
 * One failed check.
 *
 * @param rule the check's or rule's name
 * @param severity error or warning
 * @param message what is wrong, in words the LLM can act on when revising
 */
public record Violation(String rule, Severity severity, String message) implements Serializable {
  @Override
  public String toString() {
    return rule + ": " + message;
  }
}
