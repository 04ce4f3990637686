package io.personaforge.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.dedup.semantic.MiniLmEmbedder;
import org.junit.jupiter.api.Test;

/**
 * The semantic default merges no two different people outside SPC's own personas: on personas mixed
 * from SPC sentences, some sharing a sentence, every pair at or above the default cosine is a
 * planted copy, and copies are found.
 */
class SemanticPrecisionTest {
  @Test
  void theDefaultThresholdMergesNoDifferentPeople() {
    SemanticPrecision.Evaluation e =
        SemanticPrecision.evaluate(
            SemanticPrecision.mixed(7, 600, 60),
            new MiniLmEmbedder(),
            SemanticConfig.DEFAULT_THRESHOLD);
    SemanticPrecision.Point p = e.points().get(0);
    System.out.println(p + "; highest cosine of different people " + e.highestDifferent());
    assertTrue(
        e.highestDifferent() < SemanticConfig.DEFAULT_THRESHOLD,
        "different people above the threshold: " + e.highestDifferent());
    assertEquals(1.0, p.precision(), p.toString());
    assertTrue(p.correct() > 0, "copies are found: " + p);
  }
}
