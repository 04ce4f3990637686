/**
 * Built-in narrative checks: each compares the narrative with the attributes (age, pronouns, city,
 * occupation, name, word count, required mentions) or looks for assistant boilerplate and template
 * markers.
 */
package io.personaforge.validator.checks;
