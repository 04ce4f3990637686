package io.personaforge.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.personaforge.dedup.lexical.CommonShingles;
import io.personaforge.dedup.lexical.LexicalDedup;
import io.personaforge.dedup.lexical.LexicalSketch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Runs the three steps the way a GroupByKey pipeline does — string block keys, blocks in any order
 * and with members in any order, matches regrouped per document — and checks that the answer is the
 * in-memory {@link Deduplicator}'s, whatever the arrival order.
 */
class PipelineShapeTest {
  @Test
  void groupByKeyShapedRunEqualsInMemoryRunInAnyOrder() throws Exception {
    PlantedCorpus corpus = new PlantedCorpus(21, 1500, 200);
    List<Doc> docs = new ArrayList<>();
    for (int i = 0; i < corpus.texts.size(); i++) {
      // Two rounds: round-1 documents come after every round-0 one in keep-first order.
      int round = i < corpus.texts.size() / 2 ? 0 : 1;
      docs.add(new Doc(new DocRef("id" + (i * 7919 % 10007), round, i), corpus.texts.get(i)));
    }
    Deduplicator inMemory = Deduplicator.lexicalOnly(LexicalConfig.defaults(), false);
    inMemory.addAll(docs);
    List<DuplicateMatch> expected = inMemory.finish().duplicates();
    assertFalse(expected.isEmpty());

    // A DoFn holds a serialized copy of the dedup object.
    LexicalDedup lex = roundTrip(new LexicalDedup(LexicalConfig.defaults()));
    Random random = new Random(99);
    for (int trial = 0; trial < 3; trial++) {
      List<Doc> arrival = new ArrayList<>(docs);
      Collections.shuffle(arrival, random);
      // The common shingles: a combiner over the id-hash sample, merged in arrival order.
      double rate = CommonShingles.sampleRate(docs.size());
      CommonShingles.Counter counter = new CommonShingles.Counter();
      for (Doc d : arrival) {
        if (CommonShingles.sampled(d.ref(), rate)) {
          counter.merge(new CommonShingles.Counter().add(lex.shingled(d).shingles()));
        }
      }
      CommonShingles common = roundTrip(counter.build(LexicalConfig.defaults().commonShare()));
      Map<Long, List<LexicalSketch>> blocks = new HashMap<>();
      for (Doc d : arrival) {
        LexicalSketch s = roundTrip(lex.signed(lex.shingled(d), common));
        for (long key : lex.blockKeys(s)) {
          blocks.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
      }
      Map<DocRef, List<DuplicateMatch>> byDoc = new HashMap<>();
      List<List<LexicalSketch>> groups = new ArrayList<>(blocks.values());
      Collections.shuffle(groups, random);
      for (List<LexicalSketch> block : groups) {
        Collections.shuffle(block, random);
        for (DuplicateMatch m : lex.resolveBlock(block)) {
          byDoc.computeIfAbsent(m.doc(), k -> new ArrayList<>()).add(m);
        }
      }
      List<DuplicateMatch> verdicts = new ArrayList<>();
      byDoc.values().forEach(ms -> verdicts.add(Verdicts.verdict(ms).orElseThrow()));
      verdicts.sort((a, b) -> a.doc().compareTo(b.doc()));
      assertEquals(expected, verdicts, "trial " + trial);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
