package io.personaforge.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.sampler.Cell;
import io.personaforge.sampler.PersonaSampler;
import io.personaforge.sampler.Seeds;
import io.personaforge.validator.ValidationConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

/**
 * Draft, validate and revise as one step, with the offline writer: every persona comes out once,
 * either written and valid or rejected at validation with what it broke — none is dropped.
 */
class WriteAndCheckNarrativesTest {
  private static final int N = 24;

  /** {@code N} freshly sampled personas of {@code spec}'s only cell. */
  private static List<PersonaRecord> sampled(RunSpec spec) {
    Cell cell = spec.plan().cells().get(0);
    PersonaSampler sampler = new PersonaSampler(spec.taxonomy(), spec.config().sampling());
    List<PersonaRecord> out = new ArrayList<>();
    for (long ordinal = 0; ordinal < N; ordinal++) {
      out.add(
          PersonaRecord.sampled(
              Seeds.personaId(spec.seed(), 0, ordinal),
              spec.seed(),
              0,
              ordinal,
              cell.key(),
              sampler.sample(cell, spec.seed(), 0, ordinal).values()));
    }
    return out;
  }

  private static PCollection<PersonaRecord> checked(Pipeline p, RunSpec spec) {
    return p.apply(Create.of(sampled(spec)).withCoder(PersonaRecordCoder.of()))
        .apply(new WriteAndCheckNarratives(spec, N));
  }

  /** Asserts that {@code out} holds each of {@code spec}'s sampled personas exactly once. */
  private static void assertEachOnce(PCollection<PersonaRecord> out, RunSpec spec) {
    PAssert.that(out.apply(MapElements.into(TypeDescriptors.strings()).via(PersonaRecord::id)))
        .containsInAnyOrder(sampled(spec).stream().map(PersonaRecord::id).toList());
  }

  @Test
  void everyPersonaComesOutOnceWrittenAndValid() {
    RunSpec spec = Fixtures.spec(N, List.of());
    Pipeline p = Fixtures.pipeline();
    PCollection<PersonaRecord> out = checked(p, spec);
    assertEachOnce(out, spec);
    PAssert.that(out)
        .satisfies(
            rows -> {
              for (PersonaRecord r : rows) {
                assertNull(r.failedStage(), r.reason());
                assertNotNull(r.narrative());
                String age = r.attributes().get("demographics.age");
                // The offline writer says either "N years old" or "an N-year-old".
                assertTrue(
                    r.narrative().contains(age + " years old")
                        || r.narrative().contains(age + "-year-old"),
                    r.narrative());
                assertTrue(r.violations().isEmpty(), r.violations().toString());
              }
              return null;
            });
    Fixtures.run(p);
  }

  @Test
  void aDraftThatBreaksAnErrorCheckIsRejectedAtValidationWithItsViolation() {
    // No offline narrative is this long: every draft breaks the word-count check.
    RunSpec spec = Fixtures.spec(N, List.of(), new ValidationConfig(100_000, 200_000, null));
    Pipeline p = Fixtures.pipeline();
    PCollection<PersonaRecord> out = checked(p, spec);
    assertEachOnce(out, spec);
    PAssert.that(out)
        .satisfies(
            rows -> {
              for (PersonaRecord r : rows) {
                assertEquals(PersonaRecord.Stage.VALIDATION, r.failedStage());
                assertNotNull(r.narrative(), "a reject keeps its last draft");
                assertFalse(r.violations().isEmpty());
                assertEquals("error", r.violations().get(0).severity());
                assertTrue(r.reason().contains("word"), r.reason());
              }
              return null;
            });
    Fixtures.run(p);
  }
}
