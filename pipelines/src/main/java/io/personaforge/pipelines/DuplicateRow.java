package io.personaforge.pipelines;

import java.io.Serializable;

/**
 * A persona removed as a duplicate, as written to the duplicates table.
 *
 * @param id the removed persona
 * @param duplicateOf the earlier persona it duplicates
 * @param similarity similarity of the pair in [0, 1]
 * @param method exact, lexical or semantic
 * @param round the removed persona's round
 * @param ordinal the removed persona's ordinal
 * @param cell the removed persona's quota cell
 * @param narrative the removed persona's narrative
 */
public record DuplicateRow(
    String id,
    String duplicateOf,
    double similarity,
    String method,
    int round,
    long ordinal,
    String cell,
    String narrative)
    implements Serializable {}
