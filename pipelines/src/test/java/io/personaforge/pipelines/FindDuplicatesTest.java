package io.personaforge.pipelines;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.DedupText;
import io.personaforge.dedup.Deduplicator;
import io.personaforge.dedup.Doc;
import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.DuplicateMatch;
import io.personaforge.dedup.PlantedCorpus;
import io.personaforge.dedup.SemanticConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's dedup — sketches, common shingles, blocks resolved in parallel shards, one verdict
 * per persona — gives exactly the in-memory {@link Deduplicator}'s answer on a corpus with planted
 * near-copies, in one round and when the earlier half arrives as earlier rounds' personas.
 */
class FindDuplicatesTest {
  private static final DedupConfig LEXICAL =
      new DedupConfig(true, null, SemanticConfig.defaults().withEnabled(false), null);

  @TempDir static Path cache;

  /** 200 texts and 40 planted copies; ids hashed so that id order is not corpus order. */
  private static List<PersonaRecord> personas() {
    List<String> texts = new PlantedCorpus(21, 200, 40).texts();
    List<PersonaRecord> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      int round = i < texts.size() / 2 ? 0 : 1;
      out.add(Fixtures.persona("id" + (i * 7919 % 10007), round, i, "c", texts.get(i)));
    }
    return out;
  }

  /**
   * The in-memory answer, as "id->original@similarity/method", for the personas of {@code from}.
   */
  private static List<String> expected(List<PersonaRecord> all, int fromRound) {
    Deduplicator inMemory = Deduplicator.lexicalOnly(LEXICAL.lexical(), false);
    for (PersonaRecord p : all) {
      String text = DedupText.of(p.narrative(), p.attributes(), LEXICAL.compare());
      inMemory.add(new Doc(new DocRef(p.id(), p.round(), p.ordinal()), text));
    }
    List<String> out = new ArrayList<>();
    for (DuplicateMatch m : inMemory.finish().duplicates()) {
      if (m.doc().round() >= fromRound) {
        out.add(
            m.doc().id() + "->" + m.duplicateOf().id() + "@" + m.similarity() + "/" + m.method());
      }
    }
    assertFalse(out.isEmpty(), "the corpus has planted copies");
    return out;
  }

  @Test
  void oneRoundFindsWhatTheInMemoryDeduplicatorFinds() {
    List<PersonaRecord> all = personas();
    Pipeline p = Fixtures.pipeline();
    PCollectionView<Map<String, DuplicateVerdict>> verdicts =
        p.apply(Create.of(all).withCoder(PersonaRecordCoder.of()))
            .apply(new FindDuplicates(LEXICAL, all.size(), null, 0, cache.toString(), List.of()));
    PAssert.that(listed(p, verdicts)).containsInAnyOrder(expected(all, 0));
    Fixtures.run(p);
  }

  @Test
  void aRefillRoundComparesWithEarlierRoundsAndReportsOnlyItsOwnPersonas() {
    List<PersonaRecord> all = personas();
    List<PersonaRecord> earlier = all.stream().filter(r -> r.round() == 0).toList();
    List<PersonaRecord> current = all.stream().filter(r -> r.round() == 1).toList();
    Pipeline p = Fixtures.pipeline();
    PCollection<PersonaSketch> earlierRounds =
        Fixtures.sketches(p, "Earlier", earlier, LEXICAL, cache);
    PCollectionView<Map<String, DuplicateVerdict>> verdicts =
        p.apply("Current", Create.of(current).withCoder(PersonaRecordCoder.of()))
            .apply(
                new FindDuplicates(
                    LEXICAL,
                    current.size(),
                    earlierRounds,
                    earlier.size(),
                    cache.toString(),
                    List.of()));
    PAssert.that(listed(p, verdicts)).containsInAnyOrder(expected(all, 1));
    Fixtures.run(p);
  }

  /** The side input's verdicts as "id->original@similarity/method". */
  private static PCollection<String> listed(
      Pipeline p, PCollectionView<Map<String, DuplicateVerdict>> verdicts) {
    return p.apply("One", Create.of(0))
        .apply(
            "ListVerdicts",
            ParDo.of(
                    new DoFn<Integer, String>() {
                      @ProcessElement
                      public void process(ProcessContext c) {
                        c.sideInput(verdicts)
                            .forEach(
                                (id, v) ->
                                    c.output(
                                        id
                                            + "->"
                                            + v.duplicateOf()
                                            + "@"
                                            + v.similarity()
                                            + "/"
                                            + v.method()));
                      }
                    })
                .withSideInputs(verdicts));
  }
}
