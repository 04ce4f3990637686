package io.personaforge.pipelines;

/**
 * What settling a persona's fate needs to know about it — never its narrative or attributes. The
 * duplicate, name-cap and quota decisions are made on these keys, so whole personas cross the
 * pipeline's shuffles and broadcasts once, not once per decision.
 *
 * @param id persona id
 * @param round round it was drawn in
 * @param ordinal run-wide draw ordinal (lower is kept first)
 * @param cell quota cell key
 * @param firstName first name as the name cap reads it; empty when the persona has no name
 */
public record PersonaKey(String id, int round, long ordinal, String cell, String firstName) {
  public static PersonaKey of(PersonaRecord p) {
    return new PersonaKey(p.id(), p.round(), p.ordinal(), p.cell(), FindNamesOverCap.firstName(p));
  }
}
