/**
 * Who writes the narratives: the {@link io.personaforge.generator.PersonaWriter} interface, what a
 * writer can do ({@link io.personaforge.generator.WriterCapabilities}), the one registry of
 * providers ({@link io.personaforge.generator.PersonaWriters}, each a {@link
 * io.personaforge.generator.Provider}), the generator configuration, and the {@link
 * io.personaforge.generator.GenerationEngine} every writer in a JVM shares (calls in flight,
 * retries, the answer journal).
 */
package io.personaforge.generator;
