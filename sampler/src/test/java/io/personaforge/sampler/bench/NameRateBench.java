package io.personaforge.sampler.bench;

import io.personaforge.sampler.Cell;
import io.personaforge.sampler.PersonaSampler;
import io.personaforge.sampler.SamplingConfig;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.Domain;
import io.personaforge.taxonomy.NameKey;
import io.personaforge.taxonomy.NameTable;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The repeated-first-name rate of N sampled builtin:general personas (seed 42, no quotas) next to
 * the rate the first-name table implies for the sampled sex × birth-decade mix: for a persona of
 * cell c the chance that someone else has its name, averaged. Prints the mix as CSV too, so the
 * expectation can be recomputed from the full SSA counts. Usage: bench/run names [N].
 */
public final class NameRateBench {
  private NameRateBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Taxonomy t = TaxonomyLoader.load("builtin:general", null);
    PersonaSampler sampler = new PersonaSampler(t, SamplingConfig.DEFAULT);
    Domain.Names first =
        (Domain.Names) t.attribute("demographics.first_name").orElseThrow().domain();
    NameTable table = first.table();
    Map<String, Integer> mix = new TreeMap<>();
    Map<String, Integer> nameCounts = new HashMap<>();
    List<String> names = new ArrayList<>();
    Cell any = new Cell(Map.of(), n);
    for (long i = 0; i < n; i++) {
      AttributeSet a = sampler.sample(any, 42, 0, i);
      String[] key = new String[table.keyColumns().size()];
      for (NameKey g : first.given()) {
        key[table.keyColumns().indexOf(g.column())] = g.key(a.get(g.attribute()));
      }
      mix.merge(String.join(",", key), 1, Integer::sum);
      String name = a.get("demographics.first_name");
      names.add(name);
      nameCounts.merge(name, 1, Integer::sum);
    }
    long repeated = names.stream().filter(x -> nameCounts.get(x) > 1).count();
    // Q(name) = prod over cells (1 - p_c(name))^m_c: the chance nobody of the mix has the name.
    Map<String, Map<String, Double>> dist = new HashMap<>();
    Map<String, Double> logNone = new HashMap<>();
    for (Map.Entry<String, Integer> c : mix.entrySet()) {
      Map<String, Double> d = table.distribution(c.getKey().split(",", -1));
      dist.put(c.getKey(), d);
      for (Map.Entry<String, Double> e : d.entrySet()) {
        logNone.merge(e.getKey(), c.getValue() * Math.log1p(-e.getValue()), Double::sum);
      }
    }
    double expected = 0;
    for (Map.Entry<String, Integer> c : mix.entrySet()) {
      double perPersona = 0;
      for (Map.Entry<String, Double> e : dist.get(c.getKey()).entrySet()) {
        double p = e.getValue();
        double othersNone = Math.exp(logNone.get(e.getKey()) - Math.log1p(-p));
        perPersona += p * (1 - othersNone);
      }
      expected += c.getValue() * perPersona;
    }
    expected /= n;
    System.out.println("# sex,birth_decade,personas");
    mix.forEach((k, v) -> System.out.println(k + "," + v));
    System.out.printf(
        Locale.ROOT,
        "personas %d, distinct first names %d, repeated-first-name rate %.4f, expected from %s"
            + " for this mix %.4f%n",
        n,
        nameCounts.size(),
        (double) repeated / n,
        table.ref(),
        expected);
  }
}
