package io.personaforge.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.DedupText;
import io.personaforge.dedup.Deduplicator;
import io.personaforge.dedup.Doc;
import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.DuplicateMatch;
import io.personaforge.dedup.SemanticConfig;
import io.personaforge.pipelines.io.Trees;
import io.personaforge.sampler.QuotaSpec;
import io.personaforge.schemas.ParquetFiles;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import io.personaforge.validator.NameCapConfig;
import io.personaforge.validator.ValidationConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refill round compares its personas with earlier rounds' through the sketches those rounds kept,
 * never their narratives: the earlier round's personas table is deleted before the refill round
 * runs, and the refill round still finds exactly the duplicates the in-memory {@link Deduplicator}
 * finds over both rounds' texts, and still holds the first names earlier rounds used.
 *
 * <p>The earlier round is made by hand from what the refill round will draw (the offline writer is
 * deterministic): exact copies and near-copies of some of its narratives, and holders of some of
 * its first names.
 */
class RefillFromSketchesTest {
  private static final List<QuotaSpec> QUOTAS =
      List.of(new QuotaSpec("location.region", Map.of("south", 0.5, "west", 0.5)));
  private static final DedupConfig LEXICAL =
      new DedupConfig(true, null, SemanticConfig.defaults().withEnabled(false), null);

  @TempDir Path dir;

  @Test
  void aRefillRoundFindsTheDuplicatesOfEarlierRoundsFromTheirSketchesAlone() throws IOException {
    RunSpec spec = Fixtures.spec(40, QUOTAS, null, LEXICAL);
    List<PersonaRecord> drawn = whatRoundOneDraws(spec, null);
    List<PersonaRecord> earlier = new ArrayList<>();
    for (int i = 0; i < drawn.size(); i++) {
      PersonaRecord p = drawn.get(i);
      String text =
          switch (i % 4) {
            case 0 -> p.narrative(); // an exact copy
            case 1 -> p.narrative() + " Truly."; // a near-copy of the same person
            default -> null;
          };
      if (text != null) {
        earlier.add(earlierPersona(i, p, text, "Quinn" + i + " Vale"));
      }
    }
    writeEarlierRound(spec, earlier);

    Fixtures.runRound(spec, roundOne(spec), dir);

    // What the in-memory deduplicator finds over both rounds' texts.
    Deduplicator inMemory = Deduplicator.lexicalOnly(LEXICAL.lexical(), false);
    for (PersonaRecord p : earlier) {
      inMemory.add(doc(spec, p));
    }
    for (PersonaRecord p : drawn) {
      inMemory.add(doc(spec, p));
    }
    List<String> expected = new ArrayList<>();
    Set<String> methods = new HashSet<>();
    for (DuplicateMatch m : inMemory.finish().duplicates()) {
      if (m.doc().round() == 1) {
        expected.add(
            m.doc().id() + "->" + m.duplicateOf().id() + "@" + m.similarity() + "/" + m.method());
        methods.add(m.method());
      }
    }
    assertEquals(Set.of("exact", "lexical"), methods, "both kinds of copy are planted");
    List<String> found = new ArrayList<>();
    ParquetFiles.forEachRow(
        dir.resolve("round-1/duplicates"),
        r -> {
          found.add(
              r.get("id")
                  + "->"
                  + r.get("duplicate_of")
                  + "@"
                  + r.get("similarity")
                  + "/"
                  + r.get("method"));
          return true;
        });
    expected.sort(null);
    found.sort(null);
    assertEquals(expected, found);
  }

  @Test
  void aRefillRoundHoldsTheFirstNamesOfEarlierRoundsFromTheirSketchesAlone() throws IOException {
    // A taxonomy that draws no names: the writer chooses them, so the cap applies.
    Taxonomy unnamed =
        TaxonomyLoader.parse(
            "unnamed",
            "categories:\n  demographics:\n    attributes:\n"
                + "      gender: {type: categorical, core: true, values: {female: 1, male: 1}}\n"
                + "      age: {type: integer, core: true, min: 20, max: 60}\n");
    ValidationConfig oneEach =
        new ValidationConfig(
            1, null, null, null, null, null, null, new NameCapConfig(0.001, 1), null);
    RunSpec spec = Fixtures.spec(unnamed, 40, List.of(), oneEach, LEXICAL);
    List<PersonaRecord> drawn = whatRoundOneDraws(spec, 1);
    List<PersonaRecord> earlier = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (int i = 0; i < drawn.size(); i += 3) {
      String first = FindNamesOverCap.firstName(drawn.get(i));
      if (taken.add(first)) {
        earlier.add(
            earlierPersona(
                i, drawn.get(i), "Someone else entirely, number " + i + ".", first + " Vale"));
      }
    }
    writeEarlierRound(spec, earlier);

    Fixtures.runRound(spec, roundOne(spec), dir);

    for (PersonaRecord p : Fixtures.readPersonas(dir.resolve("round-1/personas"))) {
      assertFalse(
          taken.contains(FindNamesOverCap.firstName(p)),
          p.fields().get("name") + ": an earlier round holds that first name");
    }
    Set<String> refused = new HashSet<>();
    ParquetFiles.forEachRow(
        dir.resolve("round-1/rejects"),
        r -> {
          if (r.get("violations").toString().contains("first_name_cap")) {
            refused.add(r.get("id").toString());
          }
          return true;
        });
    for (int i = 0; i < drawn.size(); i += 3) {
      if (taken.contains(FindNamesOverCap.firstName(drawn.get(i)))) {
        assertTrue(refused.contains(drawn.get(i).id()), drawn.get(i).id() + " is over the cap");
      }
    }
  }

  /** Round one of the run: every cell's target again, from ordinal 1,000 on. */
  private static RoundDraw roundOne(RunSpec spec) {
    long[] counts = spec.plan().cells().stream().mapToLong(c -> c.target()).toArray();
    return new RoundDraw(1, 1_000, counts, Rounds.deficits(spec.plan(), Map.of()));
  }

  /**
   * The valid personas round one of {@code spec} draws, from a run of it alone with dedup and the
   * name cap off (every valid persona is then accepted: the round draws exactly what its cells
   * need); {@code minWords} as in {@code spec} (null: the default).
   */
  private List<PersonaRecord> whatRoundOneDraws(RunSpec spec, Integer minWords) throws IOException {
    ValidationConfig noCap =
        new ValidationConfig(
            minWords, null, null, null, null, null, null, new NameCapConfig(1.0, 1_000), null);
    RunSpec plain =
        Fixtures.spec(spec.taxonomy(), 40, spec.plan().quotas(), noCap, new DedupConfig(false));
    Path alone = dir.resolve("alone");
    Fixtures.runRound(plain, roundOne(spec), alone);
    List<PersonaRecord> drawn = Fixtures.readPersonas(alone.resolve("round-1/personas"));
    assertTrue(drawn.size() >= 30, "most of round one is valid: " + drawn.size());
    Trees.delete(alone);
    return drawn;
  }

  /** A persona of round 0 with {@code p}'s attributes and cell. */
  private static PersonaRecord earlierPersona(int i, PersonaRecord p, String text, String name) {
    return PersonaRecord.sampled("early" + i, 7, 0, i, p.cell(), p.attributes())
        .withDraft(text, Map.of("name", name), text, 0);
  }

  /** Writes round 0 as the run does, then deletes its personas table: only sketches are left. */
  private void writeEarlierRound(RunSpec spec, List<PersonaRecord> earlier) throws IOException {
    Path round0 = dir.resolve("round-0");
    Pipeline p = Fixtures.pipeline();
    p.apply(
            Create.of(earlier.stream().map(Settled::accepted).toList())
                .withCoder(SettledCoder.of()))
        .apply(
            new WriteCorpus(
                round0.toString(), "snappy", spec.rows(), PersonaSketch.Sketcher.of(spec)));
    Fixtures.run(p);
    WriteCorpus.commit(round0);
    Trees.delete(round0.resolve("personas"));
    assertFalse(Files.exists(round0.resolve("personas")));
    assertEquals(earlier.size(), Fixtures.ids(round0.resolve("sketches")).size());
  }

  private static Doc doc(RunSpec spec, PersonaRecord p) {
    return new Doc(
        new DocRef(
            p.id(), p.round(), p.ordinal(), DocRef.profileOf(p.attributes(), spec.profilePaths())),
        DedupText.of(p.narrative(), p.attributes(), LEXICAL.compare()));
  }
}
