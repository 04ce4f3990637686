/**
 * YAML loading with line and column positions, and the error type that names file, line, column,
 * key and what to do.
 */
package io.personaforge.schemas.config;
