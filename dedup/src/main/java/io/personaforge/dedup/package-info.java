/**
 * Duplicate detection as plain Java: the configuration, the compared text, document references and
 * matches, the one-verdict rule ({@link io.personaforge.dedup.Verdicts}) and the in-memory {@link
 * io.personaforge.dedup.Deduplicator} the pipeline's dedup must agree with.
 */
package io.personaforge.dedup;
