package io.personaforge.pipelines;

import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class RemoveDuplicatesTest {
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
    PCollectionTuple out =
        p.apply(Create.of(input).withCoder(PersonaRecordCoder.of()))
            .apply(new RemoveDuplicates(io.personaforge.dedup.DedupConfig.defaults(), 4, null, 0));
    PAssert.that(
            out.get(Outcomes.ALIVE)
                .apply("Ids", MapElements.into(TypeDescriptors.strings()).via(PersonaRecord::id)))
        .containsInAnyOrder("first", "other");
    PAssert.that(
            out.get(Outcomes.DUPLICATE)
                .apply(
                    "Pairs",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            d ->
                                d.id()
                                    + "->"
                                    + d.duplicateOf()
                                    + "@"
                                    + d.similarity()
                                    + "/"
                                    + d.method())))
        .containsInAnyOrder("second->first@1.0/exact", "late->first@1.0/exact");
    p.run().waitUntilFinish();
  }

  @Test
  void comparesWithEarlierRoundsButNeverOutputsThem() {
    Pipeline p = Fixtures.pipeline();
    PCollection<PersonaRecord> earlier =
        p.apply(
            "Earlier",
            Create.of(
                    List.of(Fixtures.persona("old", 0, 3, "c", "Anna is 30 years old. She bakes.")))
                .withCoder(PersonaRecordCoder.of()));
    PCollectionTuple out =
        p.apply(
                "Current",
                Create.of(
                        List.of(
                            Fixtures.persona("copy", 1, 50, "c", "anna is 30 years old, she bakes"),
                            Fixtures.persona(
                                "fresh", 1, 51, "c", "Carl is 30 years old and sails.")))
                    .withCoder(PersonaRecordCoder.of()))
            .apply(
                new RemoveDuplicates(io.personaforge.dedup.DedupConfig.defaults(), 4, earlier, 1));
    PAssert.that(
            out.get(Outcomes.ALIVE)
                .apply("Ids", MapElements.into(TypeDescriptors.strings()).via(PersonaRecord::id)))
        .containsInAnyOrder("fresh");
    PAssert.that(
            out.get(Outcomes.DUPLICATE)
                .apply(
                    "Pairs",
                    MapElements.into(TypeDescriptors.strings())
                        .via(d -> d.id() + "->" + d.duplicateOf())))
        .containsInAnyOrder("copy->old");
    p.run().waitUntilFinish();
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
    PCollectionTuple out =
        p.apply(
                Create.of(
                        List.of(
                            Fixtures.persona("orig", 0, 1, "c", base),
                            Fixtures.persona("near", 0, 2, "c", nearCopy),
                            Fixtures.persona("else", 0, 3, "c", distinct)))
                    .withCoder(PersonaRecordCoder.of()))
            .apply(
                new RemoveDuplicates(
                    new io.personaforge.dedup.DedupConfig(
                        true,
                        null,
                        new io.personaforge.dedup.SemanticConfig(false, null, null, null, null),
                        null),
                    3,
                    null,
                    0));
    PAssert.that(
            out.get(Outcomes.ALIVE)
                .apply("Ids", MapElements.into(TypeDescriptors.strings()).via(PersonaRecord::id)))
        .containsInAnyOrder("orig", "else");
    PAssert.that(
            out.get(Outcomes.DUPLICATE)
                .apply(
                    "Pairs",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            d ->
                                d.id()
                                    + "->"
                                    + d.duplicateOf()
                                    + "/"
                                    + d.method()
                                    + "/"
                                    + (d.similarity() >= 0.5 && d.similarity() < 1))))
        .containsInAnyOrder("near->orig/lexical/true");
    p.run().waitUntilFinish();
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
    PCollectionTuple out =
        p.apply(
                Create.of(
                        List.of(
                            Fixtures.persona("a", 0, 1, "c", a),
                            Fixtures.persona("b", 0, 2, "c", paraphrase)))
                    .withCoder(PersonaRecordCoder.of()))
            .apply(new RemoveDuplicates(io.personaforge.dedup.DedupConfig.defaults(), 2, null, 0));
    PAssert.that(
            out.get(Outcomes.DUPLICATE)
                .apply(
                    "Pairs",
                    MapElements.into(TypeDescriptors.strings())
                        .via(d -> d.id() + "->" + d.duplicateOf() + "/" + d.method())))
        .containsInAnyOrder("b->a/semantic");
    p.run().waitUntilFinish();
  }
}
