/**
 * The {@code personaforge} command line (picocli): one class per command, {@link
 * io.personaforge.cli.Main} mapping errors to exit codes (2 for bad input, 3 for an unfilled
 * corpus).
 */
package io.personaforge.cli;
