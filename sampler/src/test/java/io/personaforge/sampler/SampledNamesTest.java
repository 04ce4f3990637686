package io.personaforge.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.NameTable;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Names drawn by builtin:general follow the SSA and Census tables they come from. */
class SampledNamesTest {
  private static final Taxonomy GENERAL = TaxonomyLoader.load("builtin:general", null);
  private static final PersonaSampler SAMPLER =
      new PersonaSampler(GENERAL, SamplingConfig.depth(0, 0));

  @Test
  void firstNamesOfThe1950sAndThe2000sHaveTheTopTenTheSsaTableGives() {
    NameTable ssa = NameTable.load("builtin:us-first-names", null);
    for (String sex : List.of("female", "male")) {
      // Ages in 2024: 65-74 were born 1950-1959, 18-24 were born 2000-2006.
      List<String> fifties =
          topTen(
              sample(Map.of("demographics.gender", sex, "demographics.age", "65-74")),
              "demographics.first_name");
      List<String> noughties =
          topTen(
              sample(Map.of("demographics.gender", sex, "demographics.age", "18-24")),
              "demographics.first_name");
      List<String> table50 = List.copyOf(ssa.distribution(sex, "1950").keySet()).subList(0, 10);
      List<String> table00 = List.copyOf(ssa.distribution(sex, "2000").keySet()).subList(0, 10);
      // Names 5 to 15 of a decade lie within a few tenths of a percent of each other, so a sample
      // of 10,000 reorders them; the leaders and most of the top ten must match.
      assertTrue(
          overlap(fifties, table50) >= 6, sex + " 1950s: sampled " + fifties + ", SSA " + table50);
      assertTrue(
          overlap(noughties, table00) >= 6,
          sex + " 2000s: sampled " + noughties + ", SSA " + table00);
      assertTrue(fifties.containsAll(table50.subList(0, 3)), fifties + " vs " + table50);
      assertTrue(noughties.containsAll(table00.subList(0, 3)), noughties + " vs " + table00);
      // The two cohorts' favourites barely meet, in the sample as in the table.
      assertTrue(
          overlap(fifties, noughties) <= overlap(table50, table00) + 2,
          fifties + " vs " + noughties);
      assertTrue(
          overlap(table50, table00) <= 4, "the SSA cohorts differ: " + table50 + " " + table00);
    }
  }

  @Test
  void surnamesFollowRaceAndEthnicity() {
    NameTable census = NameTable.load("builtin:us-surnames", null);
    Map<String, String> groups =
        Map.of(
            "hispanic or latino", "hispanic", "asian", "api", "black", "black", "white", "white");
    Map<String, List<String>> sampledTop = new HashMap<>();
    for (Map.Entry<String, String> g : groups.entrySet()) {
      List<String> top =
          topTen(
              sample(Map.of("demographics.race_ethnicity", g.getKey())), "demographics.last_name");
      List<String> table = List.copyOf(census.distribution(g.getValue()).keySet()).subList(0, 10);
      assertTrue(overlap(top, table) >= 7, g.getKey() + ": sampled " + top + ", Census " + table);
      sampledTop.put(g.getKey(), top);
    }
    assertTrue(sampledTop.get("hispanic or latino").contains("Garcia"));
    assertTrue(sampledTop.get("asian").contains("Nguyen"));
    assertFalse(sampledTop.get("asian").contains("Garcia"));
    assertFalse(sampledTop.get("hispanic or latino").contains("Nguyen"));
  }

  @Test
  void aNameIsTheSameForTheSameSeed() {
    Cell any = new Cell(Map.of(), 1);
    for (long i = 0; i < 50; i++) {
      assertEquals(
          SAMPLER.sample(any, 3, 0, i).values().get("demographics.first_name"),
          new PersonaSampler(GENERAL, SamplingConfig.depth(0, 0))
              .sample(any, 3, 0, i)
              .values()
              .get("demographics.first_name"));
    }
  }

  private static List<AttributeSet> sample(Map<String, String> fixed) {
    Cell cell = new Cell(fixed, 10_000);
    List<AttributeSet> out = new ArrayList<>();
    for (long i = 0; i < 10_000; i++) {
      out.add(SAMPLER.sample(cell, 17, 0, i));
    }
    return out;
  }

  private static List<String> topTen(List<AttributeSet> personas, String path) {
    Map<String, Integer> counts = new HashMap<>();
    for (AttributeSet p : personas) {
      counts.merge(p.values().get(path), 1, Integer::sum);
    }
    return counts.entrySet().stream()
        .sorted(
            (a, b) ->
                b.getValue().equals(a.getValue())
                    ? a.getKey().compareTo(b.getKey())
                    : b.getValue() - a.getValue())
        .limit(10)
        .map(Map.Entry::getKey)
        .toList();
  }

  private static int overlap(List<String> a, List<String> b) {
    Set<String> s = new HashSet<>(a);
    s.retainAll(b);
    return s.size();
  }
}
