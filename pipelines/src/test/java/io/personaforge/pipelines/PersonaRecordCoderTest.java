package io.personaforge.pipelines;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;

class PersonaRecordCoderTest {
  @Test
  void roundTripsEveryFieldIncludingNullsAndOrder() throws Exception {
    PersonaRecord full =
        new PersonaRecord(
            "p1",
            -3,
            2,
            99,
            "a=b|c=d",
            Map.of("x", "1"),
            "Text with ünïcode ✓",
            Map.of("name", "Zoë"),
            1,
            List.of("w: careful"),
            List.of(new PersonaRecord.Attempt(0, "r", "error", "m")),
            PersonaRecord.Stage.VALIDATION,
            "why",
            "raw",
            List.of(
                new PersonaRecord.Judgement(0, "coherence", false, 2, List.of("generic"), 41),
                new PersonaRecord.Judgement(1, "coherence", true, 4, List.of(), 0)),
            Map.of("attempts", 2L, "failed|r", 1L));
    PersonaRecord sparse = PersonaRecord.sampled("p2", 1, 0, 0, "", Map.of());
    CoderProperties.coderDecodeEncodeEqual(PersonaRecordCoder.of(), full);
    CoderProperties.coderDecodeEncodeEqual(PersonaRecordCoder.of(), sparse);
    CoderProperties.coderDeterministic(PersonaRecordCoder.of(), full, full);
    DuplicateRow row = new DuplicateRow("a", "b", 0.93, "lexical", 1, 5, "c", "n");
    CoderProperties.coderDecodeEncodeEqual(DuplicateRowCoder.of(), row);
    CoderProperties.coderDecodeEncodeEqual(
        DuplicateVerdictCoder.of(), new DuplicateVerdict("b", 0.93, "lexical"));
    CoderProperties.coderDecodeEncodeEqual(
        PersonaKeyCoder.of(), new PersonaKey("p1", 2, 99, "a=b|c=d", "zoë"));
    // Settled personas are decoded one after another from one stream: nested, they must each
    // read exactly their own bytes.
    for (Settled s :
        List.of(
            Settled.accepted(full),
            Settled.rejected(full),
            Settled.surplus(sparse),
            Settled.duplicate(row, full))) {
      CoderProperties.coderDecodeEncodeEqual(SettledCoder.of(), s);
      CoderProperties.coderDecodeEncodeEqualInContext(SettledCoder.of(), Coder.Context.NESTED, s);
    }
    assertThrows(
        IllegalArgumentException.class, () -> new Settled(Settled.Kind.ACCEPTED, full, row));
    assertThrows(
        IllegalArgumentException.class, () -> new Settled(Settled.Kind.DUPLICATE, null, row));
  }
}
