package io.personaforge.pipelines;

import java.io.Serializable;

/**
 * Why a persona is a duplicate: the one verdict {@link FindDuplicates} gives it, looked up by
 * persona id in {@link SettlePersonas}. Encoded by {@link DuplicateVerdictCoder}.
 *
 * @param duplicateOf the earlier persona it duplicates
 * @param similarity similarity of the pair in [0, 1]
 * @param method exact, lexical or semantic
 */
public record DuplicateVerdict(String duplicateOf, double similarity, String method)
    implements Serializable {

  /** The duplicates-table row of {@code p}, removed by this verdict. */
  public DuplicateRow rowOf(PersonaRecord p) {
    return new DuplicateRow(
        p.id(), duplicateOf, similarity, method, p.round(), p.ordinal(), p.cell(), p.narrative());
  }
}
