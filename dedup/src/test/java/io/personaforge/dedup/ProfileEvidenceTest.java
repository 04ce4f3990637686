package io.personaforge.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.dedup.semantic.SemanticDedup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two personas whose quota or core attributes differ are different people on the record: the
 * verdict asks them for stronger textual evidence, lexical and semantic alike.
 */
class ProfileEvidenceTest {
  /**
   * Sentence {@code i} of a text: five words of its own, so it adds three shingles no other has.
   */
  private static String sentence(String tag, int i) {
    return tag + i + "a " + tag + i + "b " + tag + i + "c " + tag + i + "d " + tag + i + "e.";
  }

  /** Ten sentences, the first {@code shared} of them common to every text built here. */
  private static String text(String tag, int shared, int own) {
    List<String> s = new ArrayList<>();
    for (int i = 0; i < shared; i++) {
      s.add(sentence("common", i));
    }
    for (int i = 0; i < own; i++) {
      s.add(sentence(tag, i));
    }
    return String.join(" ", s);
  }

  private static List<DuplicateMatch> lexical(long profileA, long profileB, String a, String b) {
    Deduplicator d = Deduplicator.lexicalOnly(LexicalConfig.defaults(), false);
    d.add(new Doc(new DocRef("a", 0, 0, profileA), a));
    d.add(new Doc(new DocRef("b", 0, 1, profileB), b));
    return d.finish().duplicates();
  }

  @Test
  void aModeratelySimilarPairIsADuplicateOnlyWhenItsProfilesAgree() {
    // 8 of 10 sentences shared: shingle Jaccard 24 / 36 = 0.67, above 0.5 and below 0.75.
    String a = text("x", 8, 2);
    String b = text("y", 8, 2);
    assertEquals(1, lexical(7, 7, a, b).size(), "same profile: the threshold holds");
    assertEquals(0, lexical(7, 9, a, b).size(), "different people on the record: 0.75 needed");
    assertEquals(1, lexical(DocRef.NO_PROFILE, 9, a, b).size(), "unknown profile: text alone");
  }

  @Test
  void aNearCopyIsADuplicateWhateverItsProfile() {
    // 10 shared sentences and one more: Jaccard 30 / 33 = 0.91.
    List<DuplicateMatch> m = lexical(7, 9, text("x", 10, 0), text("y", 10, 1));
    assertEquals(1, m.size());
    assertEquals("b", m.get(0).doc().id());
    assertTrue(m.get(0).similarity() > 0.9, m.toString());
  }

  /** A unit vector at cosine {@code c} to the first axis. */
  private static float[] at(double c) {
    float[] v = new float[8];
    v[0] = (float) c;
    v[1] = (float) Math.sqrt(1 - c * c);
    return v;
  }

  private static int semantic(double cosine, long profileA, long profileB) {
    SemanticDedup s = new SemanticDedup(SemanticConfig.defaults());
    float[] first = new float[8];
    first[0] = 1;
    return s.resolveBlock(
            List.of(
                s.sketch(new DocRef("a", 0, 0, profileA), first),
                s.sketch(new DocRef("b", 0, 1, profileB), at(cosine))))
        .size();
  }

  @Test
  void semanticEvidenceIsRaisedTheSameWay() {
    // Default threshold 0.92; half way to 1 for different profiles: 0.96.
    assertEquals(1, semantic(0.94, 3, 3));
    assertEquals(0, semantic(0.94, 3, 4));
    assertEquals(1, semantic(0.97, 3, 4));
  }

  @Test
  void aProfileIsTheValuesAtItsPaths() {
    List<String> paths = List.of("demographics.gender", "demographics.age");
    long p =
        DocRef.profileOf(Map.of("demographics.gender", "female", "demographics.age", "40"), paths);
    assertEquals(
        p,
        DocRef.profileOf(
            Map.of("demographics.gender", "female", "demographics.age", "40", "x.y", "z"), paths));
    assertNotEquals(
        p,
        DocRef.profileOf(Map.of("demographics.gender", "female", "demographics.age", "41"), paths));
    assertNotEquals(DocRef.NO_PROFILE, p);
    assertEquals(DocRef.NO_PROFILE, DocRef.profileOf(Map.of("a", "b"), List.of()));
  }
}
