package io.personaforge.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.dedup.semantic.WordPieceCap;
import org.junit.jupiter.api.Test;

class WordPieceCapTest {
  private static final String LONG =
      "Amélie Dubois is a 34-year-old pediatric nurse from Lyon who unwinds by bouldering. "
          .repeat(20);

  @Test
  void aShortTextIsKeptWhole() {
    String t = "I am a nurse and I love hiking.";
    assertSame(t, new WordPieceCap(128).apply(t));
    assertSame(LONG, new WordPieceCap(10_000).apply(LONG));
  }

  @Test
  void aLongTextIsCutAfterExactlyTheCapInWordPieces() {
    assertTrue(WordPieceCap.count(LONG) > 300);
    for (int cap : new int[] {1, 7, 64, 128}) {
      String cut = new WordPieceCap(cap).apply(LONG);
      assertTrue(LONG.startsWith(cut), cut);
      assertEquals(cap, WordPieceCap.count(cut), cut);
    }
  }

  @Test
  void textsBeyondTheBasicPlaneAreCutOnCharacterBoundaries() {
    // Emoji are two Java chars each; the cut must still land after whole word pieces.
    String t = "Zoë 🧗‍♀️ climbs 🏔️ every weekend, déjà vu 😀 naïve café. ".repeat(30);
    String cut = new WordPieceCap(50).apply(t);
    assertTrue(t.startsWith(cut));
    assertEquals(50, WordPieceCap.count(cut), cut);
    assertTrue(
        !Character.isHighSurrogate(cut.charAt(cut.length() - 1)), "no half a surrogate pair");
  }

  @Test
  void aNegativeCapIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new WordPieceCap(0));
  }
}
