package io.personaforge.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.Draft;
import io.personaforge.generator.WriteRequest;
import io.personaforge.generator.offline.OfflineWriter;
import io.personaforge.sampler.Cell;
import io.personaforge.sampler.PersonaSampler;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import io.personaforge.validator.rules.BuiltinRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What the sampler draws and the offline writer writes passes every built-in rule and check: the
 * rule sets encode the taxonomies, and the checks do not flag faithful narratives.
 */
class OfflineCorpusTest {
  static final int PERSONAS = 3000;

  /** Personas drawn by the sampler and written by the offline writer. */
  static List<Subject> corpus(Taxonomy taxonomy, int n, long seed) {
    PersonaSampler sampler = new PersonaSampler(taxonomy);
    OfflineWriter writer = new OfflineWriter(taxonomy);
    Cell any = new Cell(Map.of(), n);
    List<Subject> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      AttributeSet attrs = sampler.sample(any, seed, 0, i);
      Draft d = writer.write(WriteRequest.first("p" + i, seed * 31 + i, attrs));
      out.add(new Subject(attrs, d.narrative(), d.fields()));
    }
    return out;
  }

  @Test
  void everyBuiltinTaxonomyWithRulesPassesWithoutErrors() {
    int taxonomiesWithRules = 0;
    for (String name : TaxonomyLoader.BUILTINS) {
      if (BuiltinRules.forTaxonomy(name).isEmpty()) {
        continue;
      }
      taxonomiesWithRules++;
      Taxonomy taxonomy = TaxonomyLoader.load(name, null);
      // The offline writer states every drawn attribute, so its length follows the taxonomy's
      // depth rather than a prompt; word bounds are the run's business, not the rules'.
      Validator validator = Validator.of(new ValidationConfig(1, 1_000_000, null), taxonomy);
      ValidationStats stats = new ValidationStats(validator.ruleNames());
      Map<String, Integer> errors = new TreeMap<>();
      String example = null;
      for (Subject s : corpus(taxonomy, PERSONAS, 7)) {
        List<Violation> v = validator.validate(s);
        stats.attempt(v).outcome(Validator.passes(v), 0, v);
        for (Violation x : v) {
          if (x.severity() == Severity.ERROR) {
            errors.merge(x.rule(), 1, Integer::sum);
            if (example == null) {
              example = x + "\n  in: " + s.narrative() + "\n  attrs: " + s.attributes();
            }
          }
        }
      }
      assertEquals(Map.of(), errors, name + ": first error: " + example);
      assertEquals(PERSONAS, stats.accepted());
      assertEquals(0.0, stats.hardErrorRate());
      // Warnings flag rare-but-drawable combinations (retired at 30); they must stay a minority.
      assertTrue(stats.warningRate() < 0.15, name + " warning rate " + stats.warningRate());
      System.out.println(name + " validation of the offline corpus: " + stats.toJson());
    }
    assertTrue(taxonomiesWithRules >= 1, "builtin:general ships rules");
  }
}
