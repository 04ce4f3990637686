/**
 * Who writes the narratives: the {@link io.personaforge.generator.PersonaWriter} interface and its
 * factory, the generator configuration, and the {@link io.personaforge.generator.GenerationEngine}
 * every writer in a JVM shares (calls in flight, retries, the answer journal).
 */
package io.personaforge.generator;
