package io.personaforge.pipelines;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.SemanticConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three decisions — duplicate, first-name cap, quota — each on the survivors of the one before,
 * and the one split that follows them.
 */
class SettlePersonasTest {
  /** The run cache folder semantic dedup keeps its embeddings in. */
  @TempDir static Path cache;

  /** Dedup alone: no name cap, and room for everyone in cell "c". */
  private static SettlePersonas dedupOnly(
      DedupConfig config, long expected, PCollection<PersonaSketch> earlier, long earlierCount) {
    return new SettlePersonas(
        config,
        expected,
        earlierCount,
        OptionalLong.empty(),
        Map.of("c", 100L),
        earlier,
        cache.toString(),
        List.of());
  }

  @Test
  void keepsTheEarliestOfIdenticalTextsWhateverTheirOrder() {
    Pipeline p = Fixtures.pipeline();
    List<PersonaRecord> input =
        List.of(
            // a later round's copy, differing only in case and punctuation
            Fixtures.persona("late", 1, 0, "c", "ANNA is 30 years old; she bakes!"),
            Fixtures.persona("first", 0, 5, "c", "Anna is 30 years old. She bakes."),
            Fixtures.persona("second", 0, 9, "c", "anna is 30 years old she bakes"),
            Fixtures.persona("other", 0, 1, "c", "Bob is 40 years old and paints."));
    PCollection<Settled> out =
        p.apply(Create.of(input).withCoder(PersonaRecordCoder.of()))
            .apply(dedupOnly(DedupConfig.defaults(), 4, null, 0));
    PAssert.that(ids(Fixtures.ofKind(out, Settled.Kind.ACCEPTED), "Ids"))
        .containsInAnyOrder("first", "other");
    PAssert.that(
            pairs(
                out,
                "Pairs",
                d -> d.id() + "->" + d.duplicateOf() + "@" + d.similarity() + "/" + d.method()))
        .containsInAnyOrder("second->first@1.0/exact", "late->first@1.0/exact");
    Fixtures.run(p);
  }

  @Test
  void comparesWithEarlierRoundsButNeverOutputsThem() {
    Pipeline p = Fixtures.pipeline();
    PCollection<PersonaSketch> earlier =
        Fixtures.sketches(
            p,
            "Earlier",
            List.of(Fixtures.persona("old", 0, 3, "c", "Anna is 30 years old. She bakes.")),
            DedupConfig.defaults(),
            cache);
    PCollection<Settled> out =
        p.apply(
                "Current",
                Create.of(
                        List.of(
                            Fixtures.persona("copy", 1, 50, "c", "anna is 30 years old, she bakes"),
                            Fixtures.persona(
                                "fresh", 1, 51, "c", "Carl is 30 years old and sails.")))
                    .withCoder(PersonaRecordCoder.of()))
            .apply(dedupOnly(DedupConfig.defaults(), 4, earlier, 1));
    PAssert.that(ids(Fixtures.ofKind(out, Settled.Kind.ACCEPTED), "Ids"))
        .containsInAnyOrder("fresh");
    PAssert.that(pairs(out, "Pairs", d -> d.id() + "->" + d.duplicateOf()))
        .containsInAnyOrder("copy->old");
    Fixtures.run(p);
  }

  @Test
  void catchesNearCopiesWithTheLexicalMethodAndLeavesDistinctTextsAlone() {
    String base =
        "Maria Lopez is 34 years old and lives in Denver. She works as a nurse at a busy clinic"
            + " downtown. Her main hobby is hiking in the foothills on weekends with her two dogs."
            + " She prefers quiet evenings at home with a good book and a cup of tea.";
    String nearCopy = base.replace("busy clinic", "large clinic").replace("two dogs", "old dog");
    String distinct =
        "Omar Haddad is 58 years old and lives in Detroit. He repairs engines for a trucking firm"
            + " and spends his free time restoring vintage radios in his garage.";
    Pipeline p = Fixtures.pipeline();
    PCollection<Settled> out =
        p.apply(
                Create.of(
                        List.of(
                            Fixtures.persona("orig", 0, 1, "c", base),
                            Fixtures.persona("near", 0, 2, "c", nearCopy),
                            Fixtures.persona("else", 0, 3, "c", distinct)))
                    .withCoder(PersonaRecordCoder.of()))
            .apply(
                dedupOnly(
                    new DedupConfig(true, null, SemanticConfig.defaults().withEnabled(false), null),
                    3,
                    null,
                    0));
    PAssert.that(ids(Fixtures.ofKind(out, Settled.Kind.ACCEPTED), "Ids"))
        .containsInAnyOrder("orig", "else");
    PAssert.that(
            pairs(
                out,
                "Pairs",
                d ->
                    d.id()
                        + "->"
                        + d.duplicateOf()
                        + "/"
                        + d.method()
                        + "/"
                        + (d.similarity() >= 0.5 && d.similarity() < 1)))
        .containsInAnyOrder("near->orig/lexical/true");
    Fixtures.run(p);
  }

  @Test
  void semanticDedupCatchesParaphrasesTheWordsMiss() {
    String a =
        "Maria Lopez is 34 years old and lives in Denver. She works as a nurse at a busy clinic"
            + " downtown and loves hiking in the foothills with her dogs on weekends.";
    String paraphrase =
        "Maria Lopez, aged 34, is a nurse in a busy downtown clinic in Denver; at weekends she"
            + " hikes the foothills with her dogs, which she loves.";
    Pipeline p = Fixtures.pipeline();
    PCollection<Settled> out =
        p.apply(
                Create.of(
                        List.of(
                            Fixtures.persona("a", 0, 1, "c", a),
                            Fixtures.persona("b", 0, 2, "c", paraphrase)))
                    .withCoder(PersonaRecordCoder.of()))
            .apply(dedupOnly(DedupConfig.defaults(), 2, null, 0));
    PAssert.that(pairs(out, "Pairs", d -> d.id() + "->" + d.duplicateOf() + "/" + d.method()))
        .containsInAnyOrder("b->a/semantic");
    Fixtures.run(p);
  }

  @Test
  void keepsTheLowestOrdinalsUpToEachCellsTargetAndMarksTheRestSurplus() {
    Pipeline p = Fixtures.pipeline();
    List<PersonaRecord> input = new ArrayList<>();
    input.addAll(Fixtures.personas(5, "a")); // ordinals 0..4, target 3 -> 0,1,2 kept
    for (PersonaRecord r : Fixtures.personas(2, "b")) { // under target: all kept
      input.add(Fixtures.persona("b" + r.ordinal(), 0, 100 + r.ordinal(), "b", r.narrative()));
    }
    PCollection<Settled> out =
        p.apply(Create.of(input).withCoder(PersonaRecordCoder.of()))
            .apply(
                new SettlePersonas(
                    null,
                    7,
                    0,
                    OptionalLong.empty(),
                    Map.of("a", 3L, "b", 4L),
                    null,
                    null,
                    List.of()));
    PAssert.that(cellOrdinals(Fixtures.ofKind(out, Settled.Kind.ACCEPTED), "Kept"))
        .containsInAnyOrder("a0", "a1", "a2", "b100", "b101");
    PAssert.that(cellOrdinals(Fixtures.ofKind(out, Settled.Kind.SURPLUS), "Surplus"))
        .containsInAnyOrder("a3", "a4");
    Fixtures.run(p);
  }

  @Test
  void eachDecisionSeesOnlyWhatSurvivedTheOneBefore() {
    Pipeline p = Fixtures.pipeline();
    PCollection<PersonaSketch> earlier =
        Fixtures.sketches(
            p,
            "Earlier",
            List.of(named("e0", 0, 0, "Eve Stone", "Eve restores old clocks in Leeds.")),
            DedupConfig.defaults(),
            cache);
    String original = "Ann Berg is 30 years old and bakes bread in Oslo every morning.";
    List<PersonaRecord> current =
        List.of(
            named("a0", 1, 10, "Ann Berg", original),
            // a copy: a duplicate holds neither its first name nor a place in its cell
            named("a1", 1, 11, "Fay Moss", original),
            named("a2", 1, 12, "Ann Holt", "Ann Holt drives a tram through Vienna at night."),
            named("a3", 1, 13, "Bob Reid", "Bob Reid teaches chemistry to teenagers in Porto."),
            named("a4", 1, 14, "Fay Lund", "Fay Lund repairs fishing boats on the Baltic coast."),
            named("a5", 1, 15, "Eve Park", "Eve Park designs bridges for a firm in Seoul."),
            named("a6", 1, 16, "Cid Ross", "Cid Ross grows tomatoes on a rooftop in Lagos."));
    PCollection<Settled> out =
        p.apply("Current", Create.of(current).withCoder(PersonaRecordCoder.of()))
            .apply(
                new SettlePersonas(
                    DedupConfig.defaults(),
                    7,
                    1,
                    OptionalLong.of(1),
                    Map.of("a", 3L),
                    earlier,
                    cache.toString(),
                    List.of()));
    PAssert.that(ids(Fixtures.ofKind(out, Settled.Kind.ACCEPTED), "Accepted"))
        .containsInAnyOrder("a0", "a3", "a4");
    PAssert.that(pairs(out, "Pairs", d -> d.id() + "->" + d.duplicateOf()))
        .containsInAnyOrder("a1->a0");
    // a2: "Ann" is held by a0; a5: "Eve" by an earlier round's persona. Their places go to a3, a4.
    PAssert.that(
            Fixtures.ofKind(out, Settled.Kind.REJECTED)
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.id() + ":" + r.violations().get(0).rule())))
        .containsInAnyOrder("a2:first_name_cap", "a5:first_name_cap");
    PAssert.that(ids(Fixtures.ofKind(out, Settled.Kind.SURPLUS), "Surplus"))
        .containsInAnyOrder("a6");
    Fixtures.run(p);
  }

  private static PersonaRecord named(
      String id, int round, long ordinal, String name, String narrative) {
    return PersonaRecord.sampled(id, 7, round, ordinal, "a", Map.of("demographics.age", "30"))
        .withDraft(narrative, Map.of("name", name), narrative, 0);
  }

  /** The duplicates-table rows, each as {@code describe} spells it. */
  private static PCollection<String> pairs(
      PCollection<Settled> out, String name, SerializableFunction<DuplicateRow, String> describe) {
    return Fixtures.duplicates(out)
        .apply(name, MapElements.into(TypeDescriptors.strings()).via(describe));
  }

  private static PCollection<String> ids(PCollection<PersonaRecord> personas, String name) {
    return personas.apply(name, MapElements.into(TypeDescriptors.strings()).via(PersonaRecord::id));
  }

  private static PCollection<String> cellOrdinals(
      PCollection<PersonaRecord> personas, String name) {
    return personas.apply(
        name, MapElements.into(TypeDescriptors.strings()).via(r -> r.cell() + r.ordinal()));
  }
}
