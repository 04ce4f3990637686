package io.personaforge.pipelines;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.dedup.DedupConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sketches every round kept beside its tables come back whole — key, profile, fingerprint,
 * shingles and embedding, exactly as the run's sketcher made them — for the accepted personas only,
 * from every round's folder the pattern matches; no round yet reads as none.
 */
class ReadSketchesTest {
  @TempDir Path dir;
  @TempDir static Path cache;

  @Test
  void readsBackWhatEveryRoundKeptOfItsAcceptedPersonas() throws IOException {
    // Semantic dedup on: the embeddings travel too.
    PersonaSketch.Sketcher sketcher =
        new PersonaSketch.Sketcher(
            DedupConfig.defaults(), List.of("demographics.age"), cache.toString());
    List<PersonaSketch> expected = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      List<Settled> settled = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        PersonaRecord p =
            Fixtures.persona(
                "r" + round + "p" + i,
                round,
                round * 10 + i,
                "c",
                "Person " + i + " of round " + round + " is 30 years old and keeps bees.");
        if (i == 3) {
          settled.add(Settled.surplus(p));
        } else {
          settled.add(Settled.accepted(p));
          expected.add(sketcher.sketch(p));
        }
      }
      settled.add(
          Settled.rejected(
              Fixtures.persona("r" + round + "x", round, round * 10 + 9, "c", "Too short.")
                  .rejected(PersonaRecord.Stage.VALIDATION, "word_count (too short)", null)));
      Path roundDir = dir.resolve("round-" + round);
      Pipeline w = Fixtures.pipeline();
      w.apply(Create.of(settled).withCoder(SettledCoder.of()))
          .apply(
              new WriteCorpus(
                  roundDir.toString(), "snappy", Fixtures.spec(10, List.of()).rows(), sketcher));
      Fixtures.run(w);
      WriteCorpus.commit(roundDir);
    }

    assertTrue(expected.stream().allMatch(s -> s.embedding() != null && s.shingles().length > 0));
    Pipeline p = Fixtures.pipeline();
    PAssert.that(p.apply(new ReadSketches(pattern()))).containsInAnyOrder(expected);
    Fixtures.run(p);
  }

  @Test
  void aPatternThatMatchesNothingReadsNoSketch() {
    Pipeline p = Fixtures.pipeline();
    PAssert.that(p.apply(new ReadSketches(pattern()))).empty();
    Fixtures.run(p);
  }

  private String pattern() {
    return dir.resolve("round-*").resolve("sketches/*.parquet").toString();
  }
}
