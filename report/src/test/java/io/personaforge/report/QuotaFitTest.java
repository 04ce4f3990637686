package io.personaforge.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.sampler.Cell;
import io.personaforge.sampler.QuotaPlan;
import io.personaforge.sampler.QuotaSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaFitTest {
  private static final QuotaSpec GENDER =
      new QuotaSpec("g", shares("female", 0.508, "male", 0.492));
  private static final QuotaSpec REGION = new QuotaSpec("r", shares("north", 0.5, "south", 0.5));

  /** Shares in the order written, as run.yaml gives them (rows follow that order). */
  private static Map<String, Double> shares(String a, double sa, String b, double sb) {
    LinkedHashMap<String, Double> m = new LinkedHashMap<>();
    m.put(a, sa);
    m.put(b, sb);
    return m;
  }

  /** A cell with its values in the order given (its key depends on it). */
  private static Cell cell(String a, String va, String b, String vb, long target) {
    LinkedHashMap<String, String> fixed = new LinkedHashMap<>();
    fixed.put(a, va);
    fixed.put(b, vb);
    return new Cell(fixed, target);
  }

  /** Four joint cells of the two quotas, with the given targets. */
  private static QuotaPlan plan(long ff, long fm, long mf, long mm) {
    return new QuotaPlan(
        ff + fm + mf + mm,
        List.of(GENDER, REGION),
        List.of(
            cell("g", "female", "r", "north", ff),
            cell("g", "female", "r", "south", fm),
            cell("g", "male", "r", "north", mf),
            cell("g", "male", "r", "south", mm)));
  }

  @Test
  void marginalsAreSummedOverTheJointCellsAndComparedWithTheConfiguredShares() {
    QuotaPlan plan = plan(51, 51, 49, 49);
    Map<String, Long> achieved =
        Map.of(
            "g=female|r=north",
            51L,
            "g=female|r=south",
            51L,
            "g=male|r=north",
            49L,
            "g=male|r=south",
            49L);
    List<QuotaFit> fits = QuotaFit.of(plan, achieved);
    QuotaFit g = fits.get(0);
    assertEquals(List.of("g"), g.attributes());
    assertEquals(new QuotaFit.Row("female", 0.508, 102, 102, 0.51), g.rows().get(0));
    assertEquals(0.004, g.totalAbsoluteError(), 1e-12, "|0.51-0.508| + |0.49-0.492|");
    double kl = 0.508 * Math.log(0.508 / 0.51) + 0.492 * Math.log(0.492 / 0.49);
    assertEquals(kl, g.kl(), 1e-8, "rounding to whole personas is the only divergence");
    QuotaFit r = fits.get(1);
    assertEquals(0, r.totalAbsoluteError(), 1e-12);
    assertEquals(0, r.kl(), 1e-8);
  }

  @Test
  void aSmallDivergenceKeepsItsDigitsInTheSummaryAndReadsInScientificNotation() {
    QuotaPlan plan = plan(51, 51, 49, 49);
    Map<String, Long> achieved =
        Map.of(
            "g=female|r=north",
            51L,
            "g=female|r=south",
            51L,
            "g=male|r=north",
            49L,
            "g=male|r=south",
            49L);
    QuotaFit g = QuotaFit.of(plan, achieved).get(0);
    double written = (double) g.toJson().get("kl_divergence");
    assertTrue(g.kl() < 1e-4, "a near-perfect fit: " + g.kl());
    assertEquals(g.kl(), written, g.kl() * 1e-5, "6 significant digits, not 6 decimals");
    assertEquals("4.70e-07", JsonNumbers.readable(4.7e-7));
    assertEquals("0.012300", JsonNumbers.readable(0.0123));
    assertEquals("0.000000", JsonNumbers.readable(0));
  }

  @Test
  void anEmptyValueGivesALargeButFiniteDivergence() {
    QuotaPlan plan = plan(50, 50, 50, 50);
    Map<String, Long> onlyWomen = Map.of("g=female|r=north", 100L, "g=female|r=south", 100L);
    QuotaFit g = QuotaFit.of(plan, onlyWomen).get(0);
    assertEquals(2 * 0.492, g.totalAbsoluteError(), 1e-12);
    assertTrue(Double.isFinite(g.kl()) && g.kl() > 5, "KL " + g.kl());
    assertEquals(0, g.rows().get(1).achieved());
    assertEquals(100, g.rows().get(1).target());
  }

  @Test
  void jointShareKeysMatchCellsWhateverTheirSpacingAndIntegerBinsTheirCanonicalForm() {
    QuotaSpec joint =
        QuotaSpec.joint(List.of("g", "age"), shares("female | 18-44", 0.5, "male|45 - 90", 0.5));
    QuotaPlan plan =
        new QuotaPlan(
            4,
            List.of(joint),
            List.of(cell("g", "female", "age", "18-44", 2), cell("g", "male", "age", "45-90", 2)));
    QuotaFit fit =
        QuotaFit.of(plan, Map.of("g=female|age=18-44", 2L, "g=male|age=45-90", 1L)).get(0);
    assertEquals(2, fit.rows().size(), fit.rows().toString());
    assertEquals("female|18-44", fit.rows().get(0).value());
    assertEquals(2.0 / 3, fit.rows().get(0).achievedShare(), 1e-12);
    assertEquals(1, fit.rows().get(1).achieved());
  }
}
