package io.personaforge.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.schemas.config.ConfigException;
import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.Exclusion;
import io.personaforge.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random taxonomies × random quota sets (marginals, joints, binned integers, overlapping ones):
 * every plan sums exactly to the size, every quota value lands within 1 of share × size, no planned
 * cell is a forbidden combination, and planning is deterministic. Sets the planner rejects must
 * name a quota.
 */
class QuotaPlannerPropertyTest {

  @Test
  void plansMeetEveryQuotaWithinOnePerson() {
    SplittableRandom r = new SplittableRandom(2024);
    int planned = 0;
    int rejected = 0;
    for (int k = 0; k < 150; k++) {
      Taxonomy t = RandomTaxonomies.generate(r);
      List<QuotaSpec> quotas = randomQuotas(t, r);
      long size = 1 + r.nextInt(r.nextBoolean() ? 50 : 20_000);
      QuotaPlanner planner = new QuotaPlanner(t);
      QuotaPlan plan;
      try {
        plan = planner.plan(size, quotas, new SamplingConfig(null, 20_000));
      } catch (ConfigException e) {
        assertTrue(e.keyPath().startsWith("quotas"), e.getMessage());
        assertTrue(e.getMessage().contains("quotas["), "names the quota: " + e.getMessage());
        rejected++;
        continue;
      }
      planned++;
      assertEquals(size, plan.cells().stream().mapToLong(Cell::target).sum());
      for (QuotaSpec q : quotas) {
        assertWithinOne(q, plan, size);
      }
      for (Cell c : plan.cells()) {
        assertTrue(c.target() > 0);
        for (Exclusion e : t.exclusions()) {
          if (c.fixed().keySet().containsAll(e.values().keySet())) {
            assertFalse(e.matches(c.fixed()), "forbidden cell planned: " + c.key());
          }
        }
      }
      assertEquals(plan, planner.plan(size, quotas, new SamplingConfig(null, 20_000)));
    }
    assertTrue(planned >= 100, "planned " + planned + ", rejected " + rejected);
  }

  @Test
  void cellsOfAPlanAreDrawnWithTheirFixedValues() {
    SplittableRandom r = new SplittableRandom(99);
    for (int k = 0; k < 20; k++) {
      Taxonomy t = RandomTaxonomies.generate(r);
      QuotaPlan plan;
      try {
        plan = new QuotaPlanner(t).plan(200, randomQuotas(t, r));
      } catch (ConfigException e) {
        continue;
      }
      PersonaSampler s = new PersonaSampler(t, SamplingConfig.depth(0, 2));
      for (Cell c : plan.cells()) {
        for (int i = 0; i < 5; i++) {
          var set = s.sample(c, 1, 0, i);
          c.fixed()
              .forEach(
                  (path, value) -> {
                    String got = set.get(path);
                    boolean ok =
                        path.endsWith(".num") ? Bins.contains(value, got) : value.equals(got);
                    assertTrue(ok, path + "=" + got + " in cell " + c.key());
                  });
          for (Exclusion e : t.exclusions()) {
            assertFalse(e.matches(set.values()));
          }
          assertTrue(c.holds(set, t), c.key());
          for (Cell other : plan.cells()) {
            assertEquals(other == c, other.holds(set, t), "a persona belongs to one cell only");
          }
        }
      }
    }
  }

  static void assertWithinOne(QuotaSpec q, QuotaPlan plan, long size) {
    List<String> paths = q.paths();
    Map<String, Long> counts = new HashMap<>();
    for (Cell c : plan.cells()) {
      for (String key : q.shares().keySet()) {
        List<String> want = q.keyValues(key);
        boolean match = true;
        for (int i = 0; i < paths.size() && match; i++) {
          String v = c.fixed().get(paths.get(i));
          match =
              paths.get(i).endsWith(".num")
                  ? Bins.format(Bins.parse(want.get(i))[0], Bins.parse(want.get(i))[1]).equals(v)
                  : want.get(i).equals(v);
        }
        if (match) {
          counts.merge(key, c.target(), Long::sum);
        }
      }
    }
    double sum = q.shares().values().stream().mapToDouble(Double::doubleValue).sum();
    for (Map.Entry<String, Double> e : q.shares().entrySet()) {
      double exact = e.getValue() / sum * size;
      long got = counts.getOrDefault(e.getKey(), 0L);
      assertTrue(
          Math.abs(got - exact) < 1 + 1e-9,
          q + " " + e.getKey() + ": planned " + got + ", share × size = " + exact);
    }
  }

  /** 1–4 quotas: marginals, a joint, a marginal consistent with the joint, a binned integer. */
  static List<QuotaSpec> randomQuotas(Taxonomy t, SplittableRandom r) {
    List<Attribute> cats =
        new ArrayList<>(t.attributes().stream().filter(a -> !a.path().endsWith(".num")).toList());
    Collections.shuffle(cats, new Random(r.nextLong()));
    List<QuotaSpec> out = new ArrayList<>();
    int used = 0;
    if (r.nextBoolean() && cats.size() >= 2) {
      Attribute a = cats.get(used++);
      Attribute b = cats.get(used++);
      Map<String, Double> joint = new LinkedHashMap<>();
      List<String> keys = new ArrayList<>();
      for (String va : a.possibleValues()) {
        for (String vb : b.possibleValues()) {
          if (r.nextInt(4) > 0) {
            keys.add(va + "|" + vb);
          }
        }
      }
      if (keys.isEmpty()) {
        keys.add(a.possibleValues().iterator().next() + "|" + b.possibleValues().iterator().next());
      }
      double[] s = shares(r, keys.size());
      for (int i = 0; i < keys.size(); i++) {
        joint.put(keys.get(i), s[i]);
      }
      out.add(QuotaSpec.joint(List.of(a.path(), b.path()), joint));
      if (r.nextBoolean()) {
        Map<String, Double> margin = new LinkedHashMap<>();
        joint.forEach((key, v) -> margin.merge(key.substring(0, key.indexOf('|')), v, Double::sum));
        out.add(new QuotaSpec(a.path(), margin));
      }
    }
    int marginals = 1 + r.nextInt(2);
    for (int m = 0; m < marginals && used < cats.size(); m++) {
      Attribute a = cats.get(used++);
      List<String> values = new ArrayList<>(a.possibleValues());
      double[] s = shares(r, values.size());
      Map<String, Double> shares = new LinkedHashMap<>();
      for (int i = 0; i < values.size(); i++) {
        shares.put(values.get(i), s[i]);
      }
      out.add(new QuotaSpec(a.path(), shares));
    }
    if (r.nextInt(3) == 0) {
      String num =
          t.attributes().stream()
              .filter(a -> a.path().endsWith(".num"))
              .findFirst()
              .orElseThrow()
              .path();
      out.add(new QuotaSpec(num, Map.of("0-3", 0.4, "4-5", 0.35, "6-9", 0.25)));
    }
    Collections.shuffle(out, new Random(r.nextLong()));
    return out;
  }

  /** Random shares summing to 1, rounded to 3 decimals like hand-written YAML. */
  private static double[] shares(SplittableRandom r, int k) {
    double[] s = new double[k];
    double total = 0;
    for (int i = 0; i < k; i++) {
      s[i] = 0.05 + r.nextDouble();
      total += s[i];
    }
    double run = 0;
    for (int i = 0; i < k - 1; i++) {
      s[i] = Math.round(s[i] / total * 1000) / 1000.0;
      run += s[i];
    }
    s[k - 1] = Math.round((1 - run) * 1000) / 1000.0;
    return s;
  }
}
