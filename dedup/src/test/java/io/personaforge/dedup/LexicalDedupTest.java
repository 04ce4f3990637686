package io.personaforge.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.dedup.lexical.LexicalDedup;
import io.personaforge.dedup.lexical.LexicalSketch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LexicalDedupTest {
  private static List<Doc> docs(List<String> texts) {
    List<Doc> docs = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      docs.add(new Doc(new DocRef("d" + i, 0, i), texts.get(i)));
    }
    return docs;
  }

  private static DedupResult dedup(List<Doc> docs) {
    Deduplicator d = Deduplicator.lexicalOnly(LexicalConfig.defaults(), false);
    d.addAll(docs);
    return d.finish();
  }

  @Test
  void everyPlantedNearCopyIsCaughtAndNothingElse() {
    PlantedCorpus corpus = new PlantedCorpus(7, 2000, 300);
    DedupResult result = dedup(docs(corpus.texts));
    Set<Long> planted = new HashSet<>();
    for (PlantedCorpus.Plant p : corpus.plants) {
      planted.add((long) p.copy());
    }
    Set<Long> found = new HashSet<>();
    for (DuplicateMatch m : result.duplicates()) {
      found.add(m.doc().ordinal());
    }
    assertEquals(planted, found, "exactly the planted copies are duplicates");
    Map<Long, Long> originalOf = new HashMap<>();
    corpus.plants.forEach(p -> originalOf.put((long) p.copy(), (long) p.original()));
    for (DuplicateMatch m : result.duplicates()) {
      // Originals precede their copies, so the earliest match is the original itself.
      assertEquals(originalOf.get(m.doc().ordinal()), m.duplicateOf().ordinal(), m.toString());
    }
    long casePlants = corpus.plants.stream().filter(p -> p.kind().equals("case")).count();
    assertEquals(casePlants, result.count("exact"), "case/punctuation copies are exact duplicates");
    assertEquals(corpus.plants.size() - casePlants, result.count("lexical"));
  }

  @Test
  void casePunctuationAndSpacingChangesAreExactDuplicates() {
    DedupResult r =
        dedup(
            docs(
                List.of(
                    "I grew up in Lyon, and I teach chemistry to teenagers.",
                    "i grew up in lyon and i teach chemistry to teenagers!!",
                    "I grew up in Lyon; and I teach chemistry to teenagers.")));
    assertEquals(2, r.duplicates().size());
    assertEquals("exact", r.duplicates().get(0).method());
    assertEquals("d0", r.duplicates().get(0).duplicateOf().id());
    assertEquals("exact", r.duplicates().get(1).method());
  }

  @Test
  void reorderedSentencesMatchWithJaccardOne() {
    DedupResult r =
        dedup(
            docs(
                List.of(
                    "I love to bake cookies. I have two dogs. Knitting is my passion.",
                    "Knitting is my passion. I love to bake cookies. I have two dogs.")));
    assertEquals(1, r.duplicates().size());
    DuplicateMatch m = r.duplicates().get(0);
    assertEquals("lexical", m.method());
    assertEquals(1.0, m.similarity());
  }

  @Test
  void aDocumentMatchingOnlyALaterOneIsKeptAndChainsFollowKeepFirst() {
    LexicalSketch a = sketch("a", 0, "one two three four five six seven eight nine ten");
    LexicalSketch b =
        sketch("b", 1, "one two three four five six seven eight nine ten eleven twelve");
    LexicalSketch c =
        sketch(
            "c", 2, "four five six seven eight nine ten eleven twelve thirteen fourteen fifteen");
    LexicalDedup lex = new LexicalDedup(LexicalConfig.defaults());
    List<DuplicateMatch> all = lex.matchesInBlock(List.of(c, a, b));
    // b matches a (J = 8/10); c matches b (7/13) but not a (5/13): c is a duplicate of b.
    Map<String, String> pairs = new TreeMap<>();
    all.forEach(m -> pairs.put(m.doc().id() + "->" + m.duplicateOf().id(), m.method()));
    assertEquals(Set.of("b->a", "c->b"), pairs.keySet());
    List<DuplicateMatch> verdicts = lex.resolveBlock(List.of(b, c, a));
    assertEquals(2, verdicts.size());
    assertTrue(verdicts.stream().noneMatch(m -> m.doc().id().equals("a")));
  }

  @Test
  void resolveBlockIgnoresOrderAndRepeatedMembers() {
    PlantedCorpus corpus = new PlantedCorpus(11, 40, 20);
    // Both ways of resolving a block: pairwise, and through a Lucene index.
    for (LexicalDedup lex :
        List.of(
            new LexicalDedup(LexicalConfig.defaults()),
            new LexicalDedup(LexicalConfig.defaults(), 8, 8, 1000))) {
      assertOrderIndependent(corpus, lex);
    }
  }

  private static void assertOrderIndependent(PlantedCorpus corpus, LexicalDedup lex) {
    List<LexicalSketch> block = new ArrayList<>();
    List<Doc> docs = docs(corpus.texts);
    docs.forEach(d -> block.add(lex.sketch(d)));
    List<DuplicateMatch> expected = sorted(lex.resolveBlock(block));
    assertFalse(expected.isEmpty());
    Random random = new Random(3);
    for (int trial = 0; trial < 3; trial++) {
      List<LexicalSketch> shuffled = new ArrayList<>(block);
      shuffled.add(block.get(random.nextInt(block.size())));
      Collections.shuffle(shuffled, random);
      assertEquals(expected, sorted(lex.resolveBlock(shuffled)));
    }
  }

  @Test
  void indexedBlocksFindThePlantedCopiesLikePairwiseOnes() {
    PlantedCorpus corpus = new PlantedCorpus(5, 150, 30);
    List<Doc> docs = docs(corpus.texts);
    LexicalDedup pairwise = new LexicalDedup(LexicalConfig.defaults(), 10_000, 32, 10_000);
    LexicalDedup indexed = new LexicalDedup(LexicalConfig.defaults(), 1, 8, 10_000);
    List<LexicalSketch> block = docs.stream().map(pairwise::sketch).toList();
    List<DuplicateMatch> viaPairs = sorted(pairwise.resolveBlock(block));
    List<DuplicateMatch> viaIndex = sorted(indexed.resolveBlock(block));
    assertEquals(30, viaPairs.size());
    assertEquals(viaPairs, viaIndex, "the Lucene top-8 candidates contain every near-copy");
  }

  @Test
  void hugeBlocksAreCutIntoChunksInKeepFirstOrder() {
    LexicalDedup lex = new LexicalDedup(LexicalConfig.defaults(), 2, 4, 3);
    List<LexicalSketch> block = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      block.add(sketch("s" + i, i, "the very same words in every document"));
    }
    List<DuplicateMatch> verdicts = sorted(lex.resolveBlock(block));
    // Chunks {s0,s1,s2} and {s3,s4,s5}: s3 is compared with nothing earlier than itself.
    assertEquals(4, verdicts.size());
    assertEquals("s0", verdicts.get(0).duplicateOf().id());
    assertEquals("s3", verdicts.get(3).duplicateOf().id());
  }

  @Test
  void emptyTextsAreOnlyExactDuplicatesOfEachOther() {
    DedupResult r = dedup(docs(List.of("", "...", "Hello there.", "")));
    assertEquals(2, r.duplicates().size());
    r.duplicates().forEach(m -> assertEquals("d0", m.duplicateOf().id()));
  }

  @Test
  void disabledLexicalStillRemovesExactDuplicates() {
    Deduplicator d =
        Deduplicator.lexicalOnly(new LexicalConfig(false, null, null, null, null), false);
    d.addAll(
        docs(
            List.of(
                "I love to bake cookies. I have two dogs.",
                "I have two dogs. I love to bake cookies.",
                "I love to bake cookies. I have two dogs.")));
    DedupResult r = d.finish();
    assertEquals(1, r.duplicates().size());
    assertEquals("exact", r.duplicates().get(0).method());
    assertEquals("d2", r.duplicates().get(0).doc().id());
  }

  @Test
  void blockKeysAreTheExactKeyThenOnePerBand() {
    LexicalDedup lex = new LexicalDedup(LexicalConfig.defaults());
    Doc doc = new Doc(new DocRef("x", 0, 0), "A short persona about a nurse from Oslo.");
    long[] keys = lex.blockKeys(lex.sketch(doc));
    assertEquals(1 + LexicalConfig.DEFAULT_BANDS, keys.length);
    assertEquals(
        LexicalDedup.exactBlockKey(lex.sketch(doc).exactKey()), keys[0], "exact key first");
    assertArrayEquals(keys, lex.blockKeys(lex.sketch(new Doc(new DocRef("y", 3, 9), doc.text()))));
    assertEquals(1 + LexicalConfig.DEFAULT_BANDS, java.util.Arrays.stream(keys).distinct().count());
  }

  @Test
  void verdictPicksTheEarliestDuplicateOfThenTheHighestSimilarity() {
    DocRef d = new DocRef("d", 2, 5);
    DocRef early = new DocRef("e", 0, 9);
    DocRef late = new DocRef("l", 1, 0);
    List<DuplicateMatch> ms =
        List.of(
            new DuplicateMatch(d, late, 0.99, "lexical"),
            new DuplicateMatch(d, early, 0.7, "lexical"),
            new DuplicateMatch(d, early, 0.96, "semantic"));
    Optional<DuplicateMatch> v = Verdicts.verdict(ms);
    assertEquals(new DuplicateMatch(d, early, 0.96, "semantic"), v.orElseThrow());
    List<DuplicateMatch> reversed = new ArrayList<>(ms);
    Collections.reverse(reversed);
    assertEquals(v, Verdicts.verdict(reversed));
    assertTrue(Verdicts.verdict(List.of()).isEmpty());
  }

  private static LexicalSketch sketch(String id, long ordinal, String text) {
    return new LexicalDedup(LexicalConfig.defaults())
        .sketch(new Doc(new DocRef(id, 0, ordinal), text));
  }

  private static List<DuplicateMatch> sorted(List<DuplicateMatch> ms) {
    List<DuplicateMatch> out = new ArrayList<>(ms);
    out.sort((a, b) -> a.doc().compareTo(b.doc()));
    return out;
  }
}
