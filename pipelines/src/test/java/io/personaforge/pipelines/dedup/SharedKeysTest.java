package io.personaforge.pipelines.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.lexical.LexicalSketch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;

class SharedKeysTest {
  /**
   * The blocks to resolve are the keys seen twice or more with at least one current holder, however
   * the keys are split into bundles.
   */
  @Test
  void sharedKeysDoNotDependOnBundling() {
    Random random = new Random(3);
    List<Long> entries = new ArrayList<>();
    Map<Long, Integer> counts = new HashMap<>();
    Map<Long, Boolean> current = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      long key = ((long) random.nextInt(400_000) - 200_000) * 0x9E3779B97F4A7C15L;
      boolean isCurrent = random.nextInt(4) == 0;
      entries.add(ResolveBlocks.entry(key, isCurrent));
      counts.merge(key >>> 1, 1, Integer::sum);
      current.merge(key >>> 1, isCurrent, Boolean::logicalOr);
    }
    long[] expected =
        counts.entrySet().stream()
            .filter(e -> e.getValue() > 1 && current.get(e.getKey()))
            .mapToLong(Map.Entry::getKey)
            .sorted()
            .toArray();
    long[] earlierOnly =
        counts.entrySet().stream()
            .filter(e -> e.getValue() > 1 && !current.get(e.getKey()))
            .mapToLong(Map.Entry::getKey)
            .toArray();
    assertTrue(expected.length > 1_000 && earlierOnly.length > 1_000);
    ResolveBlocks.SharedKeysFn fn = new ResolveBlocks.SharedKeysFn();
    for (int bundle : new int[] {1, 333, 70_000, 200_000}) {
      Collections.shuffle(entries, random);
      List<ResolveBlocks.KeyCounts> parts = new ArrayList<>();
      for (int from = 0; from < entries.size(); from += bundle) {
        ResolveBlocks.KeyCounts acc = fn.createAccumulator();
        for (Long e : entries.subList(from, Math.min(entries.size(), from + bundle))) {
          fn.addInput(acc, e);
        }
        parts.add(from % 2 == 0 ? fn.compact(acc) : acc);
      }
      ResolveBlocks.SharedKeys shared = fn.extractOutput(fn.mergeAccumulators(parts));
      assertEquals(expected.length, shared.size(), "bundles of " + bundle);
      for (long k : expected) {
        assertTrue(shared.contains(k << 1), "bundles of " + bundle);
      }
      for (long k : earlierOnly) {
        assertFalse(shared.contains(k << 1), "earlier personas alone: bundles of " + bundle);
      }
    }
  }

  @Test
  void lexicalSketchesSurviveTheirCoder() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        LexicalSketchCoder.of(),
        new LexicalSketch(
            new DocRef("p-1", 2, 99), "00ff", new int[] {-5, 0, 7}, new long[] {1L, -2L}));
    CoderProperties.coderDecodeEncodeEqual(
        LexicalSketchCoder.of(),
        new LexicalSketch(new DocRef("é", 0, 0), "", new int[0], new long[0]));
  }
}
