/**
 * The built-in offline writer ({@code provider: offline}): narratives composed from the attributes
 * alone, with no model.
 */
package io.personaforge.generator.offline;
