package io.personaforge.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.dedup.semantic.Embedder;
import io.personaforge.dedup.semantic.MiniLmEmbedder;
import io.personaforge.dedup.semantic.SemanticDedup;
import io.personaforge.dedup.semantic.SemanticSketch;
import io.personaforge.dedup.semantic.WordPieceCap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SemanticDedupTest {
  /** Bag-of-words vectors where synonyms share a word vector: paraphrases embed identically. */
  static final class SynonymEmbedder implements Embedder {
    private static final Map<String, String> SYNONYMS =
        Map.of("automobile", "car", "work", "job", "physician", "doctor", "canine", "dog");

    @Override
    public List<float[]> embedAll(List<String> texts) {
      List<float[]> out = new ArrayList<>();
      for (String t : texts) {
        float[] v = new float[64];
        for (String w : TextNormalizer.normalize(t).split(" ")) {
          Random r = new Random(SYNONYMS.getOrDefault(w, w).hashCode());
          for (int i = 0; i < v.length; i++) {
            v[i] += (float) r.nextGaussian();
          }
        }
        out.add(v);
      }
      return out;
    }
  }

  private static final DedupConfig SEMANTIC_ON =
      new DedupConfig(true, null, SemanticConfig.defaults().withEnabled(true), null);

  @Test
  void paraphrasesThatShareFewShinglesAreSemanticDuplicates() {
    Deduplicator d = new Deduplicator(SEMANTIC_ON, new SynonymEmbedder(), false);
    d.add(new Doc(new DocRef("a", 0, 0), "The physician drives a car to work with a canine"));
    d.add(new Doc(new DocRef("b", 0, 1), "The doctor drives a automobile to job with a dog"));
    d.add(new Doc(new DocRef("c", 0, 2), "A sailor paints old boats at the harbour each spring"));
    DedupResult r = d.finish();
    assertEquals(1, r.duplicates().size());
    DuplicateMatch m = r.duplicates().get(0);
    assertEquals("semantic", m.method());
    assertEquals("b", m.doc().id());
    assertEquals("a", m.duplicateOf().id());
    assertTrue(m.similarity() > 0.999);
    assertEquals(3, r.stats().embedded());
  }

  @Test
  void hnswIndexedBucketsAgreeWithPairwiseOnesInAnyOrder() {
    PlantedCorpus corpus = new PlantedCorpus(8, 120, 30);
    List<float[]> vectors = new SynonymEmbedder().embedAll(corpus.texts);
    SemanticDedup pairwise = new SemanticDedup(SemanticConfig.defaults());
    SemanticDedup indexed = new SemanticDedup(SemanticConfig.defaults(), 4, 8, 10_000);
    List<SemanticSketch> block = new ArrayList<>();
    for (int i = 0; i < vectors.size(); i++) {
      block.add(pairwise.sketch(new DocRef("d" + i, 0, i), vectors.get(i)));
    }
    List<DuplicateMatch> expected = sorted(pairwise.resolveBlock(block));
    assertTrue(expected.size() >= 20, "re-ordered and case copies embed identically");
    List<SemanticSketch> shuffled = new ArrayList<>(block);
    Collections.shuffle(shuffled, new Random(4));
    assertEquals(expected, sorted(indexed.resolveBlock(shuffled)));
    assertEquals(
        SemanticConfig.DEFAULT_TABLES,
        pairwise.blockKeys(block.get(0)).length,
        "one key per table");
  }

  @Test
  void semanticOnWithoutAnEmbedderIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new Deduplicator(SEMANTIC_ON, null, false));
    assertTrue(e.getMessage().contains("no embedder"), e.getMessage());
    // Unset semantic.enabled means on, whatever the size: no size turns it off by itself.
    assertThrows(
        IllegalArgumentException.class,
        () -> new Deduplicator(DedupConfig.defaults(), null, false));
    Deduplicator off =
        new Deduplicator(
            new DedupConfig(true, null, SemanticConfig.defaults().withEnabled(false), null),
            null,
            false);
    assertTrue(!off.semantic());
  }

  @Test
  void miniLmEmbedsParaphrasesCloserThanUnrelatedTexts() {
    List<float[]> v =
        new MiniLmEmbedder()
            .embedAll(
                List.of(
                    "I am a nurse and I love hiking in the mountains.",
                    "I work as a nurse and enjoy mountain hikes.",
                    "My favourite food is pizza with extra cheese."));
    SemanticDedup sd = new SemanticDedup(SemanticConfig.defaults());
    float[] a = sd.sketch(new DocRef("a", 0, 0), v.get(0)).vector();
    float[] b = sd.sketch(new DocRef("b", 0, 1), v.get(1)).vector();
    float[] c = sd.sketch(new DocRef("c", 0, 2), v.get(2)).vector();
    assertEquals(384, a.length);
    assertTrue(
        SemanticSketch.cosine(a, b) > SemanticSketch.cosine(a, c) + 0.3,
        SemanticSketch.cosine(a, b) + " vs " + SemanticSketch.cosine(a, c));
  }

  @Test
  void miniLmVectorsDoNotDependOnTheBatchAndStopAtTheModelsReach() {
    String a = "Priya Nair is a 41-year-old civil engineer in Pune who restores vintage scooters. ";
    String longText = a.repeat(12); // ~250 word pieces
    MiniLmEmbedder q = new MiniLmEmbedder();
    float[] alone = q.embedAll(List.of(longText)).get(0);
    float[] inBatch =
        new MiniLmEmbedder()
            .embedAll(List.of("A short one.", longText, "My favourite food is pizza."))
            .get(1);
    assertArrayEquals(alone, inBatch, "bit for bit");
    // The model reads 126 word pieces and no more: a cap at its reach changes nothing.
    String reach = new WordPieceCap(SemanticConfig.MINILM_MAX_WORD_PIECES).apply(longText);
    assertTrue(reach.length() < longText.length());
    assertArrayEquals(alone, q.embedAll(List.of(reach)).get(0));
    // The quantized model stays close to the full one.
    float[] full =
        new MiniLmEmbedder(SemanticConfig.FULL_MINILM, 126).embedAll(List.of(longText)).get(0);
    SemanticDedup sd = new SemanticDedup(SemanticConfig.defaults());
    double c =
        SemanticSketch.cosine(
            sd.sketch(new DocRef("q", 0, 0), alone).vector(),
            sd.sketch(new DocRef("f", 0, 1), full).vector());
    assertTrue(c > 0.97 && c < 1, "quantized vs full cosine " + c);
  }

  @Test
  void miniLmVectorsAreTheSameOnEveryWorkerAndForConcurrentCallers() throws Exception {
    // The texts of a call are spread over one session per core: a text's vector must not depend
    // on which session embeds it, nor on other callers embedding at the same time.
    String same =
        "Tomasz Kowalski, 63, keeps bees behind his house in Lublin and sings in a choir.";
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      texts.add(i % 3 == 0 ? same : "Filler text number " + i + " about a different person.");
    }
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    float[] alone = embedder.embedAll(List.of(same)).get(0);
    ExecutorService callers = Executors.newFixedThreadPool(3);
    try {
      List<Future<List<float[]>>> runs = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        runs.add(callers.submit(() -> embedder.embedAll(texts)));
      }
      for (Future<List<float[]>> run : runs) {
        List<float[]> v = run.get();
        assertEquals(texts.size(), v.size());
        for (int i = 0; i < texts.size(); i++) {
          if (i % 3 == 0) {
            assertArrayEquals(alone, v.get(i), "copy at " + i);
          } else {
            assertTrue(!Arrays.equals(alone, v.get(i)), "order kept at " + i);
          }
        }
      }
    } finally {
      callers.shutdownNow();
    }
  }

  private static List<DuplicateMatch> sorted(List<DuplicateMatch> ms) {
    List<DuplicateMatch> out = new ArrayList<>(ms);
    out.sort((x, y) -> x.doc().compareTo(y.doc()));
    return out;
  }
}
