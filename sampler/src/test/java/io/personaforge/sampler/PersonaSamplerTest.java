package io.personaforge.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.Exclusion;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PersonaSamplerTest {
  private static final Cell ANY = new Cell(Map.of(), 1);

  /** a: x 1, y 3. b given a=x: p .9 q .1; given a=y: p .2 q .8. c independent normal integer. */
  private static final String TWO =
      "categories:\n"
          + "  t:\n"
          + "    attributes:\n"
          + "      a: {type: categorical, core: true, values: {x: 1, y: 3}}\n"
          + "      b:\n"
          + "        type: categorical\n"
          + "        core: true\n"
          + "        values: {p: 1, q: 1}\n"
          + "        when:\n"
          + "          - {if: {t.a: x}, values: {p: 0.9, q: 0.1}}\n"
          + "          - {if: {t.a: y}, values: {p: 0.2, q: 0.8}}\n"
          + "      n: {type: integer, core: true, min: 0, max: 6, distribution: normal, mean: 2, sd: 1.5}\n"
          + "      h:\n"
          + "        type: integer\n"
          + "        core: true\n"
          + "        min: 0\n"
          + "        max: 9\n"
          + "        distribution: histogram\n"
          + "        bins: [{from: 0, to: 4, weight: 1}, {from: 5, to: 9, weight: 4}]\n";

  @Test
  void conditionalWeightsAreRespected() {
    Taxonomy t = TaxonomyLoader.parse("two.yaml", TWO);
    PersonaSampler s = new PersonaSampler(t);
    long[] bGivenX = new long[2];
    long[] bGivenY = new long[2];
    long[] a = new long[2];
    int draws = 100_000;
    for (int i = 0; i < draws; i++) {
      AttributeSet set = s.sample(ANY, 42, 0, i);
      boolean x = set.get("t.a").equals("x");
      a[x ? 0 : 1]++;
      (x ? bGivenX : bGivenY)[set.get("t.b").equals("p") ? 0 : 1]++;
    }
    assertBelowCritical(a, new double[] {0.25, 0.75});
    assertBelowCritical(bGivenX, new double[] {0.9, 0.1});
    assertBelowCritical(bGivenY, new double[] {0.2, 0.8});
  }

  @Test
  void numericDistributionsFollowTheirShape() {
    Taxonomy t = TaxonomyLoader.parse("two.yaml", TWO);
    PersonaSampler s = new PersonaSampler(t);
    long[] n = new long[7];
    long[] h = new long[10];
    for (int i = 0; i < 100_000; i++) {
      AttributeSet set = s.sample(ANY, 7, 0, i);
      n[Integer.parseInt(set.get("t.n"))]++;
      h[Integer.parseInt(set.get("t.h"))]++;
    }
    // Truncated normal rounded to whole numbers: P(k) ∝ Φ((k+.5-μ)/σ) − Φ((k−.5−μ)/σ).
    double[] pn = new double[7];
    double total = 0;
    for (int k = 0; k < 7; k++) {
      pn[k] = phi((k + 0.5 - 2) / 1.5) - phi((k - 0.5 - 2) / 1.5);
      total += pn[k];
    }
    for (int k = 0; k < 7; k++) {
      pn[k] /= total;
    }
    assertBelowCritical(n, pn);
    double[] ph = new double[10];
    for (int k = 0; k < 10; k++) {
      ph[k] = k < 5 ? 0.2 / 5 : 0.8 / 5;
    }
    assertBelowCritical(h, ph);
  }

  @Test
  void fixedChildDrawsParentsFromThePosterior() {
    Taxonomy t = TaxonomyLoader.parse("two.yaml", TWO);
    PersonaSampler s = new PersonaSampler(t);
    Cell p = new Cell(Map.of("t.b", "p"), 1);
    long[] a = new long[2];
    for (int i = 0; i < 100_000; i++) {
      AttributeSet set = s.sample(p, 3, 0, i);
      assertEquals("p", set.get("t.b"));
      a[set.get("t.a").equals("x") ? 0 : 1]++;
    }
    // P(a=x | b=p) = .25*.9 / (.25*.9 + .75*.2) = 0.6
    assertBelowCritical(a, new double[] {0.6, 0.4});
  }

  @Test
  void fixedIntegerBinStaysInsideItsRangeWithTheRightShape() {
    Taxonomy t = TaxonomyLoader.parse("two.yaml", TWO);
    PersonaSampler s = new PersonaSampler(t);
    Cell bin = new Cell(Map.of("t.h", "3-6"), 1);
    long[] h = new long[4];
    for (int i = 0; i < 40_000; i++) {
      int v = Integer.parseInt(s.sample(bin, 3, 0, i).get("t.h"));
      assertTrue(v >= 3 && v <= 6, "value " + v);
      h[v - 3]++;
    }
    assertBelowCritical(h, new double[] {0.04 / 0.4, 0.04 / 0.4, 0.16 / 0.4, 0.16 / 0.4});
  }

  @Test
  void sameSeedSameDrawsWhateverTheCallOrder() {
    SplittableRandom r = new SplittableRandom(11);
    for (int k = 0; k < 20; k++) {
      Taxonomy t = RandomTaxonomies.generate(r);
      PersonaSampler one = new PersonaSampler(t, SamplingConfig.depth(1, 3));
      PersonaSampler two = new PersonaSampler(t, SamplingConfig.depth(1, 3));
      for (int i = 199; i >= 0; i--) {
        two.sample(ANY, 5, 1, i);
      }
      for (int i = 0; i < 200; i++) {
        assertEquals(one.sample(ANY, 5, 1, i), two.sample(ANY, 5, 1, i));
      }
      int differ = 0;
      for (int i = 0; i < 50; i++) {
        differ += one.sample(ANY, 5, 1, i).equals(one.sample(ANY, 6, 1, i)) ? 0 : 1;
      }
      assertTrue(differ > 0, "the run seed changes the draws");
    }
  }

  @Test
  void excludedCombinationsAreNeverDrawn() {
    SplittableRandom r = new SplittableRandom(12);
    for (int k = 0; k < 30; k++) {
      Taxonomy t = RandomTaxonomies.generate(r);
      PersonaSampler s = new PersonaSampler(t);
      Exclusion e = t.exclusions().get(0);
      String fixedPath = e.attributes().get(0);
      Cell forced = new Cell(Map.of(fixedPath, e.values().get(fixedPath).iterator().next()), 1);
      for (int i = 0; i < 2_000; i++) {
        assertFalse(e.matches(s.sample(ANY, k, 0, i).values()), "drew an excluded combination");
        try {
          assertFalse(e.matches(s.sample(forced, k, 0, i).values()));
        } catch (IllegalArgumentException | IllegalStateException impossible) {
          // The fixed value is one the taxonomy never draws; nothing to check.
          break;
        }
      }
    }
  }

  @Test
  void depthBoundsAndLeafCoverage() {
    Taxonomy t = TaxonomyLoader.load("builtin:general", null);
    SamplingConfig cfg = SamplingConfig.depth(10, 20);
    PersonaSampler s = new PersonaSampler(t, cfg);
    long core = t.attributes().stream().filter(a -> a.core()).count();
    LeafCoverage coverage = new LeafCoverage(t);
    int personas = (int) Math.ceil(t.attributes().size() / 10.0);
    for (int i = 0; i < personas; i++) {
      AttributeSet set = s.sample(ANY, 1, 0, i);
      coverage.add(set);
      assertTrue(set.size() >= core + 10, "size " + set.size());
      t.attributes().stream()
          .filter(a -> a.core())
          .forEach(a -> assertTrue(set.has(a.path()), a.path()));
    }
    assertEquals(t.attributes().size(), coverage.used(), "unused: " + coverage.unused());
    assertEquals(
        t.attributes().size() + "/" + t.attributes().size() + " leaves used (100.0%)",
        coverage.summary());
  }

  @Test
  void everyDrawnAttributeHasItsDependencies() {
    Taxonomy t = TaxonomyLoader.load("builtin:general", null);
    PersonaSampler s = new PersonaSampler(t, SamplingConfig.depth(3, 5));
    for (int i = 0; i < 500; i++) {
      AttributeSet set = s.sample(ANY, 2, 0, i);
      for (String p : set.values().keySet()) {
        t.attribute(p).orElseThrow().conditionals().stream()
            .flatMap(c -> c.when().keySet().stream())
            .forEach(dep -> assertTrue(set.has(dep), p + " drawn without " + dep));
      }
    }
  }

  @Test
  void samplerSurvivesSerialization() throws Exception {
    Taxonomy t = TaxonomyLoader.parse("two.yaml", TWO);
    PersonaSampler s = new PersonaSampler(t, SamplingConfig.depth(0, 2));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    PersonaSampler copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (PersonaSampler) in.readObject();
    }
    Cell p = new Cell(Map.of("t.b", "p"), 1);
    for (int i = 0; i < 100; i++) {
      assertEquals(s.sample(p, 9, 2, i), copy.sample(p, 9, 2, i));
    }
  }

  static void assertBelowCritical(long[] observed, double[] p) {
    double x = Stats.chiSquare(observed, p);
    double crit = Stats.critical(Stats.df(p));
    assertTrue(
        x < crit,
        "chi-square "
            + x
            + " >= "
            + crit
            + " (alpha "
            + Stats.ALPHA
            + ") for "
            + Arrays.toString(observed)
            + " vs "
            + Arrays.toString(p));
  }

  private static double phi(double z) {
    return CompiledTaxonomy.phi(z);
  }
}
