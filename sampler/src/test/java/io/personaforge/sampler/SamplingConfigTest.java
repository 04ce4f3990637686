package io.personaforge.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.schemas.config.ConfigException;
import io.personaforge.schemas.config.YamlDocument;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplingConfigTest {
  private static SamplingConfig bind(String yaml) {
    YamlDocument doc = YamlDocument.parse("run.yaml", yaml);
    return doc.bind(doc.root().get("sampling"), "sampling", SamplingConfig.class);
  }

  @Test
  void bindsWithDefaults() {
    assertEquals(SamplingConfig.DEFAULT, new SamplingConfig(null, null));
    SamplingConfig c = bind("sampling:\n  depth: {min: 5, max: 9}\n");
    assertEquals(new SamplingConfig.Depth(5, 9), c.depth());
    assertEquals(SamplingConfig.DEFAULT_ESTIMATION_DRAWS, c.estimationDraws());
    assertEquals(
        SamplingConfig.DEFAULT_DEPTH, bind("sampling:\n  estimation_draws: 5000\n").depth());
  }

  @Test
  void messagesNameTheKeyAndTheRange() {
    assertTrue(
        assertThrows(ConfigException.class, () -> bind("sampling:\n  depth: {min: 9, max: 5}\n"))
            .getMessage()
            .contains("depth.max must be in [depth.min=9, 100000], got 5"));
    assertTrue(
        assertThrows(ConfigException.class, () -> bind("sampling:\n  depth: {min: -1, max: 5}\n"))
            .getMessage()
            .contains("depth.min must be >= 0, got -1"));
    assertTrue(
        assertThrows(ConfigException.class, () -> bind("sampling:\n  depth: {min: 1}\n"))
            .getMessage()
            .contains("depth needs 'min' and 'max'"));
    assertTrue(
        assertThrows(ConfigException.class, () -> bind("sampling:\n  estimation_draws: 10\n"))
            .getMessage()
            .contains("estimation_draws must be in [1000, 100000000], got 10"));
    String unknown =
        assertThrows(ConfigException.class, () -> bind("sampling:\n  deep: 3\n")).getMessage();
    assertTrue(unknown.startsWith("run.yaml:2:3 sampling.deep: unknown key 'deep'"), unknown);
  }

  @Test
  void depthZeroDrawsOnlyCoreAndFixedAttributesWithTheirDependencies() {
    Taxonomy t = TaxonomyLoader.load("builtin:general", null);
    PersonaSampler s = new PersonaSampler(t, SamplingConfig.depth(0, 0));
    var set = s.sample(new Cell(Map.of("household.living_arrangement", "alone"), 1), 1, 0, 0);
    long core = t.attributes().stream().filter(a -> a.core()).count();
    assertTrue(set.has("household.living_arrangement"));
    assertTrue(set.has("household.marital_status") && set.has("household.children"));
    assertTrue(set.size() <= core + 3, set.values().toString());
  }

  @Test
  void leafCoverageMerges() {
    Taxonomy t = TaxonomyLoader.load("builtin:students", null);
    PersonaSampler s = new PersonaSampler(t, SamplingConfig.depth(1, 1));
    LeafCoverage a = new LeafCoverage(t);
    LeafCoverage b = new LeafCoverage(t);
    for (int i = 0; i < 10; i++) {
      (i % 2 == 0 ? a : b).add(s.sample(new Cell(Map.of(), 1), 1, 0, i));
    }
    int before = a.used();
    a.merge(b);
    assertEquals(10, a.personas());
    assertTrue(a.used() >= before);
    assertEquals(10, a.count("school.grade"));
    assertEquals(a.leaves() - a.used(), a.unused().size());
  }

  @Test
  void benchmarkQuotasPlanWithinOneOnTheBuiltin() {
    Taxonomy t = TaxonomyLoader.load("builtin:general", null);
    List<QuotaSpec> quotas =
        List.of(
            new QuotaSpec("demographics.gender", Map.of("female", 0.5, "male", 0.5)),
            new QuotaSpec(
                "location.region",
                Map.of("northeast", 0.2, "midwest", 0.2, "south", 0.35, "west", 0.25)),
            new QuotaSpec("demographics.age", Map.of("18-34", 0.3, "35-64", 0.5, "65-90", 0.2)),
            QuotaSpec.joint(
                List.of("education.level", "work.employment_status"),
                Map.of(
                    "high school diploma|employed full-time", 0.25,
                    "bachelor's degree|employed full-time", 0.25,
                    "graduate degree|employed full-time", 0.1,
                    "some college|student", 0.1,
                    "high school diploma|retired", 0.15,
                    "bachelor's degree|retired", 0.15)));
    for (long size : new long[] {1, 7, 999, 12_345}) {
      QuotaPlan plan = new QuotaPlanner(t).plan(size, quotas);
      assertEquals(size, plan.cells().stream().mapToLong(Cell::target).sum());
      for (QuotaSpec q : quotas) {
        if (!q.paths().contains("demographics.age")) {
          QuotaPlannerPropertyTest.assertWithinOne(q, plan, size);
        }
      }
    }
  }
}
