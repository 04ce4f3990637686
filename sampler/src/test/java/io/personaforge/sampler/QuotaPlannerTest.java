package io.personaforge.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.schemas.config.ConfigException;
import io.personaforge.schemas.config.YamlDocument;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Infeasible and malformed quota sets: each message names the quotas and what to change. */
class QuotaPlannerTest {
  /** a: x/y/z; b depends on a (a=z forces b=q); c independent; n integer 0..9; never a=y & c=on. */
  private static final Taxonomy T =
      TaxonomyLoader.parse(
          "t.yaml",
          "categories:\n"
              + "  t:\n"
              + "    attributes:\n"
              + "      a: {type: categorical, values: {x: 1, y: 1, z: 1}}\n"
              + "      b: {type: categorical, values: {p: 1, q: 1}, when: [{if: {t.a: z}, values: {q: 1}}]}\n"
              + "      c: {type: boolean, p_true: 0.5}\n"
              + "      n: {type: integer, min: 0, max: 9}\n"
              + "      s: {type: text, hint: anything}\n"
              + "never:\n"
              + "  - {t.a: y, t.c: true}\n");

  private static String fail(long size, QuotaSpec... quotas) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> new QuotaPlanner(T).plan(size, List.of(quotas)));
    return e.getMessage();
  }

  @Test
  void marginalThatContradictsAJointIsNamedWithIt() {
    String msg =
        fail(
            100,
            QuotaSpec.joint(
                List.of("t.a", "t.c"), Map.of("x|true", 0.3, "x|false", 0.3, "z|false", 0.4)),
            new QuotaSpec("t.a", Map.of("x", 0.5, "z", 0.5)));
    assertTrue(
        msg.matches(
            "quotas\\[1\\]: quotas\\[0\\] and quotas\\[1\\] contradict each other: t\\.a=[xz] gets"
                + " 0\\.[64]000 in quotas\\[0\\] but 0\\.5000 in quotas\\[1\\]"),
        msg);
  }

  @Test
  void jointCellForbiddenByAnExclusion() {
    String msg =
        fail(100, QuotaSpec.joint(List.of("t.a", "t.c"), Map.of("y|true", 0.5, "x|false", 0.5)));
    assertEquals(
        "quotas[0].shares.y|true: the taxonomy forbids t.a=y, t.c=true (its never[0]), so this share cannot be met; set it to 0 or drop it",
        msg);
  }

  @Test
  void jointCellTheTaxonomyNeverProduces() {
    String msg = fail(100, QuotaSpec.joint(List.of("t.a", "t.b"), Map.of("z|p", 0.5, "x|p", 0.5)));
    assertTrue(
        msg.startsWith(
            "quotas[0].shares.z|p: the taxonomy never produces t.a=z, t.b=p (not once in 100000 estimation draws)"),
        msg);
  }

  @Test
  void marginalsThatCannotHoldTogetherAreNamedAsAPair() {
    // a=z forces b=q, so 80% z needs at least 80% q; the second quota allows only 10%.
    String msg =
        fail(
            100,
            new QuotaSpec("t.c", Map.of("true", 0.5, "false", 0.5)),
            new QuotaSpec("t.a", Map.of("z", 0.8, "x", 0.2)),
            new QuotaSpec("t.b", Map.of("p", 0.9, "q", 0.1)));
    assertTrue(msg.startsWith("quotas[2]: quotas[1] and quotas[2] cannot be met together"), msg);
  }

  @Test
  void valueThatDoesNotExist() {
    assertEquals(
        "quotas[0].shares.w: 'w' is not a value of t.a; values: x, y, z",
        fail(10, new QuotaSpec("t.a", Map.of("x", 0.5, "w", 0.5))));
  }

  @Test
  void sharesMustSumToOne() {
    assertEquals(
        "quotas[0].shares: shares sum to 0.9000, they must sum to 1 (±0.001)",
        fail(10, new QuotaSpec("t.a", Map.of("x", 0.5, "y", 0.4))));
    assertEquals(
        "quotas[0].shares.x: a share must be a number in [0, 1], got 1.5",
        fail(10, new QuotaSpec("t.a", Map.of("x", 1.5))));
  }

  @Test
  void attributeProblems() {
    assertTrue(
        fail(10, new QuotaSpec("t.zz", Map.of("x", 1.0)))
            .startsWith("quotas[0].attribute: unknown attribute 't.zz' in taxonomy t.yaml"));
    assertEquals(
        "quotas[0].attribute: quotas need a categorical, boolean or integer (binned) attribute; t.s is text",
        fail(10, new QuotaSpec("t.s", Map.of("x", 1.0))));
    assertTrue(
        fail(10, new QuotaSpec(null, Map.of("x", 1.0)))
            .startsWith("quotas[0]: a quota needs 'attribute'"));
    assertEquals(
        "quotas[0]: write either 'attribute' (a marginal quota) or 'attributes' (a joint one), not both",
        fail(10, new QuotaSpec("t.a", List.of("t.b"), Map.of("x", 1.0))));
    assertEquals(
        "quotas[0].attributes[1]: attribute t.a is listed twice",
        fail(10, QuotaSpec.joint(List.of("t.a", "t.a"), Map.of("x|x", 1.0))));
    assertEquals(
        "quotas[0].shares: a quota needs 'shares' (value: share)",
        fail(10, new QuotaSpec("t.a", Map.of())));
    assertEquals("count: count must be at least 1, got 0", fail(0));
  }

  @Test
  void jointKeyProblems() {
    Map<String, Double> twice = new LinkedHashMap<>();
    twice.put("x|true", 0.5);
    twice.put("x | true", 0.5);
    assertEquals(
        "quotas[0].shares.x: a joint share names one value per attribute (2, joined by '|'), got 1",
        fail(10, QuotaSpec.joint(List.of("t.a", "t.c"), Map.of("x", 1.0))));
    assertEquals(
        "quotas[0].shares.x | true: this value is listed twice (as 'x|true' too)",
        fail(10, QuotaSpec.joint(List.of("t.a", "t.c"), twice)));
  }

  @Test
  void binProblems() {
    assertEquals(
        "quotas[0].shares.a-b: 'a-b' is not a bin of whole numbers; write low-high, e.g. 18-29 (t.n is an integer)",
        fail(10, new QuotaSpec("t.n", Map.of("a-b", 1.0))));
    assertEquals(
        "quotas[0].shares: bins 0-5 and 5-9 of t.n overlap",
        fail(10, new QuotaSpec("t.n", Map.of("0-5", 0.5, "5-9", 0.5))));
    assertEquals(
        "quotas[1].shares: quotas[0] and quotas[1] bin t.n differently; use the same bins in both",
        fail(
            10,
            new QuotaSpec("t.n", Map.of("0-4", 0.5, "5-9", 0.5)),
            QuotaSpec.joint(List.of("t.n", "t.c"), Map.of("0-3|true", 0.5, "4-9|false", 0.5))));
  }

  @Test
  void binnedMarginalPlansExactly() {
    QuotaPlan plan =
        new QuotaPlanner(T)
            .plan(101, List.of(new QuotaSpec("t.n", Map.of("0-2", 0.3, "3-9", 0.7))));
    assertEquals(2, plan.cells().size());
    assertEquals("t.n=0-2", plan.cells().get(0).key());
    long low = plan.cells().get(0).target();
    assertTrue(low == 30 || low == 31, "30.3 rounds to 30 or 31, got " + low);
  }

  @Test
  void noQuotasIsOneOpenCell() {
    QuotaPlan plan = new QuotaPlanner(T).plan(7, List.of());
    assertEquals(List.of(new Cell(Map.of(), 7)), plan.cells());
  }

  @Test
  void quotaSpecBindsFromRunYaml() {
    YamlDocument doc =
        YamlDocument.parse(
            "run.yaml",
            "quotas:\n"
                + "  - attribute: t.a\n"
                + "    shares: {x: 0.5, y: 0.5}\n"
                + "  - attributes: [t.a, t.c]\n"
                + "    shares: {\"x|true\": 0.5, \"y|false\": 0.5}\n");
    Quotas q = doc.bind(Quotas.class);
    assertEquals(new QuotaSpec("t.a", Map.of("x", 0.5, "y", 0.5)), q.quotas().get(0));
    assertEquals(List.of("t.a", "t.c"), q.quotas().get(1).paths());
    QuotaPlan plan = new QuotaPlanner(T).plan(10, q.quotas());
    assertEquals(10, plan.cells().stream().mapToLong(Cell::target).sum());
    ConfigException placed =
        assertThrows(
                ConfigException.class,
                () ->
                    new QuotaPlanner(T)
                        .plan(
                            10, List.of(q.quotas().get(0), new QuotaSpec("t.a", Map.of("x", 1.0)))))
            .placedIn(doc);
    assertTrue(placed.getMessage().startsWith("run.yaml:"), placed.getMessage());
  }

  record Quotas(List<QuotaSpec> quotas) {}

  @Test
  void quotasOnTheEdgeOfFeasibilityArePlanned() {
    // a=z forces b=q, so 50% z and 50% q leave exactly one plan: every z is q, every x is p.
    QuotaPlan plan =
        new QuotaPlanner(T)
            .plan(
                1000,
                List.of(
                    new QuotaSpec("t.a", Map.of("x", 0.5, "z", 0.5)),
                    new QuotaSpec("t.b", Map.of("p", 0.5, "q", 0.5))));
    assertEquals(
        Map.of("t.a=x|t.b=p", 500L, "t.a=z|t.b=q", 500L),
        plan.cells().stream().collect(Collectors.toMap(Cell::key, Cell::target)));
  }
}
