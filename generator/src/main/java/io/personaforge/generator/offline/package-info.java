/** The built-in offline writer: narratives composed from the attributes alone, with no model. */
package io.personaforge.generator.offline;
