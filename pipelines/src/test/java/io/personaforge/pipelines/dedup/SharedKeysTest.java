package io.personaforge.pipelines.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.lexical.LexicalSketch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;

class SharedKeysTest {
  /** The shared keys are those seen twice or more, however the keys are split into bundles. */
  @Test
  void sharedKeysDoNotDependOnBundling() {
    Random random = new Random(3);
    List<Long> keys = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      keys.add((long) random.nextInt(400_000) - 200_000);
    }
    Map<Long, Integer> counts = new HashMap<>();
    keys.forEach(k -> counts.merge(k, 1, Integer::sum));
    long[] expected =
        counts.entrySet().stream()
            .filter(e -> e.getValue() > 1)
            .mapToLong(Map.Entry::getKey)
            .sorted()
            .toArray();
    ResolveBlocks.SharedKeysFn fn = new ResolveBlocks.SharedKeysFn();
    for (int bundle : new int[] {1, 333, 70_000, 200_000}) {
      Collections.shuffle(keys, random);
      List<ResolveBlocks.KeyCounts> parts = new ArrayList<>();
      for (int from = 0; from < keys.size(); from += bundle) {
        ResolveBlocks.KeyCounts acc = fn.createAccumulator();
        for (Long k : keys.subList(from, Math.min(keys.size(), from + bundle))) {
          fn.addInput(acc, k);
        }
        parts.add(from % 2 == 0 ? fn.compact(acc) : acc);
      }
      ResolveBlocks.SharedKeys shared = fn.extractOutput(fn.mergeAccumulators(parts));
      assertEquals(expected.length, shared.size(), "bundles of " + bundle);
      assertArrayEquals(
          expected,
          Arrays.stream(expected).filter(shared::contains).toArray(),
          "bundles of " + bundle);
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
