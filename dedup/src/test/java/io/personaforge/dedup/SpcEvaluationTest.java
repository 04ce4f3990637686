package io.personaforge.dedup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The aims on real near-duplicates: precision ≥ 0.95, recall ≥ 0.90 on both splits. */
class SpcEvaluationTest {
  @ParameterizedTest
  @ValueSource(strings = {"valid", "test"})
  void lexicalDefaultsMeetTheAims(String split) {
    SpcEvaluation.Result r =
        SpcEvaluation.evaluate(split, Deduplicator.lexicalOnly(LexicalConfig.defaults(), true));
    System.out.println(r);
    assertTrue(r.texts() > 1800, "read the split's persona texts: " + r);
    assertTrue(r.targetPairs() > 10_000, "the split has many near-copies: " + r);
    assertTrue(r.precision() >= 0.95, "precision: " + r);
    assertTrue(r.recall() >= 0.90, "recall: " + r);
  }
}
