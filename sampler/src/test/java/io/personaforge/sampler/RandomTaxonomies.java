package io.personaforge.sampler;

import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Random taxonomies for property tests, written as YAML so the loader is exercised too: categorical
 * attributes {@code c<k>.a<i>} with values {@code v0..}, some conditioned on an earlier attribute
 * (weights sometimes 0), one exclusion between two attributes, and a binned-able integer.
 */
final class RandomTaxonomies {
  private RandomTaxonomies() {}

  static Taxonomy generate(SplittableRandom r) {
    int n = 3 + r.nextInt(5);
    int[] sizes = new int[n];
    StringBuilder sb = new StringBuilder("name: random\ncategories:\n");
    for (int i = 0; i < n; i++) {
      sizes[i] = 2 + r.nextInt(3);
      if (i % 3 == 0) {
        sb.append("  c").append(i / 3).append(":\n    attributes:\n");
      }
      sb.append("      a").append(i).append(":\n        type: categorical\n");
      sb.append("        values: ").append(weights(r, sizes[i], false)).append('\n');
      if (i > 0 && r.nextInt(3) > 0) {
        int dep = r.nextInt(i);
        int val = r.nextInt(sizes[dep]);
        sb.append("        when:\n          - if: {")
            .append(path(dep))
            .append(": v")
            .append(val)
            .append("}\n            values: ")
            .append(weights(r, sizes[i], true))
            .append('\n');
      }
    }
    sb.append("      num: {type: integer, min: 0, max: 9, distribution: normal, mean: 4, sd: 3}\n");
    sb.append("      flag: {type: boolean, p_true: 0.3")
        .append(r.nextBoolean() ? ", when: [{if: {" + path(0) + ": v0}, p_true: 0.9}]" : "")
        .append("}\n");
    int a = r.nextInt(n);
    int b = (a + 1 + r.nextInt(n - 1)) % n;
    sb.append("never:\n  - {")
        .append(path(a))
        .append(": v")
        .append(r.nextInt(sizes[a]))
        .append(", ")
        .append(path(b))
        .append(": v")
        .append(r.nextInt(sizes[b]))
        .append("}\n");
    return TaxonomyLoader.parse("random.yaml", sb.toString());
  }

  static String path(int i) {
    return "c" + (i / 3) + ".a" + i;
  }

  /** Weights for k values; with zeros, some may be 0 but never all. */
  private static String weights(SplittableRandom r, int k, boolean zeros) {
    StringBuilder sb = new StringBuilder("{");
    int keep = r.nextInt(k);
    for (int v = 0; v < k; v++) {
      double w = zeros && v != keep && r.nextInt(4) == 0 ? 0 : 0.5 + r.nextInt(10);
      sb.append(v == 0 ? "" : ", ").append('v').append(v).append(": ");
      sb.append(String.format(Locale.ROOT, "%.1f", w));
    }
    return sb.append('}').toString();
  }
}
