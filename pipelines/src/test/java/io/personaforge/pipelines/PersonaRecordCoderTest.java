package io.personaforge.pipelines;

import java.util.List;
import java.util.Map;
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
            "validation",
            "why",
            "raw");
    PersonaRecord sparse = PersonaRecord.sampled("p2", 1, 0, 0, "", Map.of());
    CoderProperties.coderDecodeEncodeEqual(PersonaRecordCoder.of(), full);
    CoderProperties.coderDecodeEncodeEqual(PersonaRecordCoder.of(), sparse);
    CoderProperties.coderDeterministic(PersonaRecordCoder.of(), full, full);
    CoderProperties.coderDecodeEncodeEqual(
        DuplicateRowCoder.of(), new DuplicateRow("a", "b", 0.93, "lexical", 1, 5, "c", "n"));
  }
}
