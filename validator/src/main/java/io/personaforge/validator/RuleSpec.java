package io.personaforge.validator;

import java.io.Serializable;

/**
 * One rule a user writes in {@code validation.rules} (or a built-in rule set ships): a CEL
 * condition over the persona's attributes ({@code attr.demographics.age}), its generated fields
 * ({@code fields.name}) and its narrative ({@code narrative}).
 *
 * <p>A rule is violated when {@code when} holds (or is absent) and {@code require} does not. A rule
 * is skipped for a persona that lacks an attribute or field it reads (progressive depth means not
 * every persona has every attribute).
 *
 * @param name stable name reported in violations and in the summary (lower-case, digits, '_')
 * @param when optional CEL condition that makes the rule apply; null means always
 * @param require CEL condition that must hold
 * @param severity error (revise, then reject) or warning (recorded only); default error
 * @param message what is wrong, for the LLM and for people; {@code {demographics.age}} inserts the
 *     persona's value of that attribute. Default: "rule NAME does not hold: REQUIRE"
 */
public record RuleSpec(String name, String when, String require, Severity severity, String message)
    implements Serializable {
  public RuleSpec {
    if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "rule name must be lower-case letters, digits and '_' (starting with a letter), got '"
              + name
              + "'");
    }
    if (require == null || require.isBlank()) {
      throw new IllegalArgumentException("rule '" + name + "' needs a 'require' expression");
    }
    when = when == null || when.isBlank() ? null : when;
    severity = severity == null ? Severity.ERROR : severity;
    message =
        message == null || message.isBlank()
            ? "rule " + name + " does not hold: " + require
            : message;
  }
}
