package io.personaforge.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.dedup.lexical.CommonShingles;
import io.personaforge.dedup.lexical.LexicalDedup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CommonShinglesTest {
  @Test
  void aShingleIsCommonFromTheShareOfCountedTextsButNeverBelowMinCount() {
    CommonShingles.Counter counter = new CommonShingles.Counter();
    for (int d = 0; d < 1_000; d++) {
      // 7 in every text, 8 in every 5th (200 texts), 9 in every 20th (50 texts: < MIN_COUNT).
      List<Integer> s = new ArrayList<>(List.of(7, 1_000 + d));
      if (d % 5 == 0) {
        s.add(8);
      }
      if (d % 20 == 0) {
        s.add(9);
      }
      counter.add(s.stream().mapToInt(Integer::intValue).sorted().toArray());
    }
    CommonShingles common = counter.build(0.01);
    assertEquals(1_000, common.sampledDocs());
    assertTrue(common.contains(7));
    assertTrue(common.contains(8));
    assertFalse(common.contains(9), "50 texts is under MIN_COUNT");
    assertFalse(common.contains(1_000));
    assertEquals(2, common.size());
    assertEquals(1, counter.build(0.5).size(), "only 7 is in half the texts");
    assertEquals(0, counter.build(0).size(), "share 0 turns the filter off");
    assertThrows(IllegalArgumentException.class, () -> counter.build(1.5));
  }

  @Test
  void countsMergeToTheSameSetInAnyOrder() {
    Random random = new Random(5);
    List<int[]> texts = new ArrayList<>();
    for (int d = 0; d < 600; d++) {
      texts.add(
          IntStream.concat(
                  IntStream.range(0, 20).map(i -> random.nextInt(40)),
                  IntStream.range(0, 20).map(i -> 100 + random.nextInt(100_000)))
              .distinct()
              .sorted()
              .toArray());
    }
    CommonShingles expected = countInBundles(texts, 1);
    assertTrue(expected.size() > 10);
    for (int bundle : new int[] {7, 64, 600}) {
      List<int[]> shuffled = new ArrayList<>(texts);
      Collections.shuffle(shuffled, random);
      assertEquals(expected, countInBundles(shuffled, bundle), "bundles of " + bundle);
    }
  }

  private static CommonShingles countInBundles(List<int[]> texts, int bundle) {
    CommonShingles.Counter total = new CommonShingles.Counter();
    for (int from = 0; from < texts.size(); from += bundle) {
      CommonShingles.Counter part = new CommonShingles.Counter();
      texts.subList(from, Math.min(texts.size(), from + bundle)).forEach(part::add);
      total.merge(part);
    }
    return total.build(0.05);
  }

  @Test
  void aTextIsSignedWithItsUncommonShinglesUnlessAlmostAllAreCommon() {
    CommonShingles.Counter counter = new CommonShingles.Counter();
    int[] template = IntStream.range(0, 20).toArray();
    for (int d = 0; d < 200; d++) {
      counter.add(template);
    }
    CommonShingles common = counter.build(0.01);
    int[] mostlyOwn = IntStream.concat(IntStream.range(0, 20), IntStream.range(500, 530)).toArray();
    assertArrayEquals(IntStream.range(500, 530).toArray(), common.signed(mostlyOwn));
    int[] almostAllTemplate =
        IntStream.concat(IntStream.range(0, 20), IntStream.range(500, 503)).toArray();
    assertSame(almostAllTemplate, common.signed(almostAllTemplate), "3 < MIN_UNCOMMON");
    assertSame(mostlyOwn, CommonShingles.NONE.signed(mostlyOwn));
  }

  @Test
  void theSampleIsAPureFunctionOfTheIdAtTheRateForTheCorpusSize() {
    assertEquals(1.0, CommonShingles.sampleRate(CommonShingles.SAMPLE_DOCS));
    double rate = CommonShingles.sampleRate(200_000);
    assertEquals(0.05, rate, 1e-12);
    long in =
        IntStream.range(0, 200_000)
            .filter(i -> CommonShingles.sampled(new DocRef("p" + i, 0, i), rate))
            .count();
    assertEquals(CommonShingles.SAMPLE_DOCS, in, 300);
    assertEquals(
        CommonShingles.sampled(new DocRef("p42", 0, 42), rate),
        CommonShingles.sampled(new DocRef("p42", 3, 9), rate),
        "the id alone decides");
  }

  /**
   * Templated texts (every sentence from a few frames, as the offline writer and one-prompt LLM
   * runs produce) make huge LSH blocks when template shingles sign the texts; without them the
   * blocks stay small and every planted near-copy is still found, with nothing else flagged.
   */
  @Test
  void onTemplatedTextsBlocksShrinkAndEveryPlantedCopyIsStillFound() {
    Random random = new Random(11);
    String[] frames = {
      "When it comes to %s, she is best described as %s.",
      "She would tell you that her %s is %s.",
      "As for her %s, it is %s.",
    };
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      labels.add("topic" + i + " matter" + (i * 7 % 300));
    }
    List<Doc> docs = new ArrayList<>();
    Set<String> planted = new HashSet<>();
    for (int d = 0; docs.size() < 3_000; d++) {
      List<String> sentences = new ArrayList<>();
      for (int s = 0; s < 30; s++) {
        sentences.add(
            String.format(
                frames[random.nextInt(frames.length)],
                labels.get(random.nextInt(labels.size())),
                "value" + random.nextInt(12)));
      }
      docs.add(new Doc(new DocRef("t" + d, 0, docs.size()), String.join(" ", sentences)));
      if (d % 100 == 0) {
        Collections.shuffle(sentences, random);
        String copy = String.join(" ", sentences).replaceFirst("value", "amount");
        docs.add(new Doc(new DocRef("copy" + d, 0, docs.size()), copy));
        planted.add("copy" + d);
      }
    }
    DedupResult filtered = lexicalOnly(LexicalConfig.defaults(), docs);
    DedupResult unfiltered =
        lexicalOnly(new LexicalConfig(null, null, null, null, null, 0.0), docs);
    Set<String> found = new HashSet<>();
    filtered.duplicates().forEach(m -> found.add(m.doc().id()));
    assertEquals(planted, found);
    String sizes =
        String.format(
            "blocks %d (largest %d) with common shingles left out, %d (largest %d) with them",
            filtered.stats().blocks(),
            filtered.stats().largestBlock(),
            unfiltered.stats().blocks(),
            unfiltered.stats().largestBlock());
    assertTrue(filtered.stats().blocks() * 2 < unfiltered.stats().blocks(), sizes);
    assertTrue(filtered.stats().largestBlock() * 3 < unfiltered.stats().largestBlock(), sizes);
  }

  /**
   * Different people written from the same few frames (the offline writer on a small taxonomy)
   * share most of their shingles; with the common ones out of the verdict only planted copies are
   * duplicates, while a verdict over every shingle takes different people for copies.
   */
  @Test
  void sharedFramesDoNotMakeDifferentPeopleDuplicates() {
    Random random = new Random(5);
    String[] reasons = {"a check-up", "back pain", "diabetes care", "anxiety"};
    List<Doc> docs = new ArrayList<>();
    Set<String> planted = new HashSet<>();
    for (int d = 0; docs.size() < 1_000; d++) {
      // Every person has a name of their own: two people with one name and the same values
      // differ in few words, and the verdict does not read attributes.
      String name = "Name" + d;
      List<String> sentences =
          new ArrayList<>(
              List.of(
                  name
                      + " Surname"
                      + random.nextInt(30)
                      + " is "
                      + (18 + random.nextInt(78))
                      + " years old.",
                  name + " is in the " + (random.nextBoolean() ? "40-64" : "65+") + " age group.",
                  "She has come in for " + reasons[random.nextInt(reasons.length)] + ".",
                  "She rates her worry at " + (1 + random.nextInt(5)) + " out of 5.",
                  name + (random.nextBoolean() ? " is retired." : " works in an office."),
                  "She speaks English at home."));
      docs.add(new Doc(new DocRef("p" + d, 0, docs.size()), String.join(" ", sentences)));
      if (d % 50 == 0) {
        Collections.swap(sentences, 1, 4);
        docs.add(new Doc(new DocRef("copy" + d, 0, docs.size()), String.join(" ", sentences)));
        planted.add("copy" + d);
      }
    }
    Set<String> found = new HashSet<>();
    lexicalOnly(LexicalConfig.defaults(), docs).duplicates().forEach(m -> found.add(m.doc().id()));
    assertEquals(planted, found);
    Set<String> withFrames = new HashSet<>();
    lexicalOnly(new LexicalConfig(null, null, null, null, null, 0.0), docs)
        .duplicates()
        .forEach(m -> withFrames.add(m.doc().id()));
    assertTrue(
        withFrames.size() > planted.size() + 10,
        "a verdict over every shingle flags different people: " + withFrames.size());
  }

  private static DedupResult lexicalOnly(LexicalConfig config, List<Doc> docs) {
    Deduplicator d = Deduplicator.lexicalOnly(config, false);
    d.addAll(docs);
    return d.finish();
  }

  @Test
  void sketchesWithoutTheFilterKeepTheirFullSignature() {
    LexicalDedup lex = new LexicalDedup(LexicalConfig.defaults());
    Doc doc = new Doc(new DocRef("a", 0, 0), "one two three four. five six seven eight.");
    assertArrayEquals(
        lex.sketch(doc).bandKeys(), lex.signed(lex.shingled(doc), CommonShingles.NONE).bandKeys());
    assertEquals(0, lex.shingled(doc).bandKeys().length);
  }
}
