/**
 * Validation of a persona: the configured checks and rules run together ({@link
 * io.personaforge.validator.Validator}), violations with severities, the first-name cap, and the
 * tallies summary.json reports.
 */
package io.personaforge.validator;
