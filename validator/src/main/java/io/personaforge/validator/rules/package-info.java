/**
 * CEL rules from run.yaml and the built-in rule set: compiled once per worker, evaluated on each
 * persona's attributes.
 */
package io.personaforge.validator.rules;
