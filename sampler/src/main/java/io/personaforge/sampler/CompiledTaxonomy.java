package io.personaforge.sampler;

import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.AttributeType;
import io.personaforge.taxonomy.Conditional;
import io.personaforge.taxonomy.Distribution;
import io.personaforge.taxonomy.Domain;
import io.personaforge.taxonomy.Exclusion;
import io.personaforge.taxonomy.Taxonomy;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A taxonomy turned into arrays for fast drawing: every categorical value is a code, every domain a
 * cumulative table, every condition a pair of (attribute index, code). A persona's state is one
 * {@code long} per attribute (a code, a whole number, or the bits of a decimal). Immutable and
 * thread-safe; draws allocate nothing.
 */
final class CompiledTaxonomy implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Integer ranges up to this many values are drawn from an exact table (so ranges can be fixed).
   */
  static final int DEFAULT_MAX_TABLE = 100_000;

  /** Redraws of an out-of-range normal value before it is clipped (keeps draws bounded). */
  static final int DEFAULT_NORMAL_REDRAWS = 32;

  final Taxonomy taxonomy;
  final int n;
  final String[] paths;
  final AttributeType[] types;

  /** Values by code for categorical ({@code possibleValues} order) and boolean (false, true). */
  final String[][] values;

  final Map<String, Integer>[] codes;
  final CDomain[] defaults;
  final CCond[][] conds;
  final CExcl[][] exclusionsByTarget;

  /** Each attribute with every attribute its conditionals depend on, transitively. */
  final int[][] closure;

  final Map<String, Integer> index;

  /** The name table domain of each {@code type: name} attribute (null for the others). */
  final Domain.Names[] names;

  @SuppressWarnings("unchecked")
  CompiledTaxonomy(Taxonomy taxonomy) {
    this.taxonomy = taxonomy;
    List<Attribute> attrs = taxonomy.attributes();
    n = attrs.size();
    paths = new String[n];
    types = new AttributeType[n];
    values = new String[n][];
    codes = new Map[n];
    defaults = new CDomain[n];
    conds = new CCond[n][];
    exclusionsByTarget = new CExcl[n][];
    closure = new int[n][];
    names = new Domain.Names[n];
    index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Attribute a = attrs.get(i);
      paths[i] = a.path();
      types[i] = a.type();
      index.put(a.path(), i);
      if (a.type() == AttributeType.BOOLEAN) {
        values[i] = new String[] {"false", "true"};
      } else if (a.type() == AttributeType.CATEGORICAL) {
        values[i] = a.possibleValues().toArray(new String[0]);
      } else {
        values[i] = new String[0];
      }
      codes[i] = new HashMap<>();
      for (int c = 0; c < values[i].length; c++) {
        codes[i].put(values[i][c], c);
      }
    }
    for (int i = 0; i < n; i++) {
      Attribute a = attrs.get(i);
      defaults[i] = compile(i, a.domain());
      if (a.domain() instanceof Domain.Names nd) {
        names[i] = nd;
      }
      conds[i] = new CCond[a.conditionals().size()];
      for (int k = 0; k < conds[i].length; k++) {
        Conditional c = a.conditionals().get(k);
        int[] deps = new int[c.when().size()];
        long[] want = new long[deps.length];
        int j = 0;
        for (Map.Entry<String, String> e : c.when().entrySet()) {
          deps[j] = index.get(e.getKey());
          want[j] = encode(deps[j], e.getValue());
          j++;
        }
        conds[i][k] = new CCond(deps, want, compile(i, c.domain()));
      }
    }
    for (int i = 0; i < n; i++) {
      Set<Integer> seen = new LinkedHashSet<>();
      collect(i, seen);
      closure[i] = seen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
    List<List<CExcl>> byTarget = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byTarget.add(new ArrayList<>());
    }
    for (Exclusion e : taxonomy.exclusions()) {
      int target = -1;
      for (String p : e.values().keySet()) {
        target = Math.max(target, index.get(p));
      }
      List<Integer> others = new ArrayList<>();
      List<boolean[]> otherSets = new ArrayList<>();
      boolean[] forbidden = null;
      for (Map.Entry<String, Set<String>> v : e.values().entrySet()) {
        int a = index.get(v.getKey());
        boolean[] set = new boolean[values[a].length];
        for (String s : v.getValue()) {
          set[codes[a].get(s)] = true;
        }
        if (a == target) {
          forbidden = set;
        } else {
          others.add(a);
          otherSets.add(set);
        }
      }
      byTarget
          .get(target)
          .add(
              new CExcl(
                  others.stream().mapToInt(Integer::intValue).toArray(),
                  otherSets.toArray(new boolean[0][]),
                  forbidden));
    }
    for (int i = 0; i < n; i++) {
      exclusionsByTarget[i] = byTarget.get(i).toArray(new CExcl[0]);
    }
  }

  private void collect(int i, Set<Integer> seen) {
    if (!seen.add(i)) {
      return;
    }
    for (CCond c : conds[i]) {
      for (int d : c.deps) {
        collect(d, seen);
      }
    }
    if (names[i] != null) {
      for (String dep : names[i].dependencies()) {
        collect(index.get(dep), seen);
      }
    }
  }

  /** The state encoding of a value written as text (a code, a whole number, decimal bits). */
  long encode(int attr, String value) {
    return switch (types[attr]) {
      case CATEGORICAL, BOOLEAN -> {
        Integer c = codes[attr].get(value);
        if (c == null) {
          throw new IllegalArgumentException("'" + value + "' is not a value of " + paths[attr]);
        }
        yield c;
      }
      case INTEGER -> Long.parseLong(value.trim());
      case NUMBER -> Double.doubleToLongBits(round2(Double.parseDouble(value.trim())));
      case TEXT -> 0;
      case NAME ->
          throw new IllegalArgumentException(
              paths[attr] + " is a name drawn from a table; it cannot be fixed");
    };
  }

  /** The text of an encoded value. */
  String decode(int attr, long v) {
    return switch (types[attr]) {
      case CATEGORICAL, BOOLEAN -> values[attr][(int) v];
      case INTEGER -> Long.toString(v);
      case NUMBER -> format2(Double.longBitsToDouble(v));
      case TEXT -> "";
      case NAME -> names[attr].table().name((int) v);
    };
  }

  private CDomain compile(int attr, Domain d) {
    if (d instanceof Domain.Categorical c) {
      double[] p = new double[values[attr].length];
      for (int k = 0; k < c.values().size(); k++) {
        p[codes[attr].get(c.values().get(k))] += c.weights().get(k);
      }
      return CDomain.table(p, 0);
    } else if (d instanceof Domain.Bool b) {
      return CDomain.table(new double[] {1 - b.pTrue(), b.pTrue()}, 0);
    } else if (d instanceof Domain.IntegerRange r) {
      long span = r.max() - r.min() + 1;
      if (span > 0 && span <= DEFAULT_MAX_TABLE) {
        return CDomain.table(integerPmf(r), r.min());
      }
      return new CDomain(CDomain.DIRECT_INT, null, null, r.min(), r.max(), r.distribution());
    } else if (d instanceof Domain.NumberRange r) {
      return new CDomain(CDomain.DIRECT_NUMBER, null, null, r.min(), r.max(), r.distribution());
    }
    return new CDomain(CDomain.TEXT, null, null, 0, 0, null);
  }

  /** Exact probabilities of each whole number of the range under its distribution. */
  static double[] integerPmf(Domain.IntegerRange r) {
    int span = (int) (r.max() - r.min() + 1);
    double[] p = new double[span];
    Distribution dist = r.distribution();
    if (dist instanceof Distribution.Normal nd) {
      for (int k = 0; k < span; k++) {
        double x = r.min() + k;
        p[k] = phi((x + 0.5 - nd.mean()) / nd.sd()) - phi((x - 0.5 - nd.mean()) / nd.sd());
      }
      if (Arrays.stream(p).sum() <= 0) {
        // The whole range lies far in one tail; the nearest bound takes everything.
        p[nd.mean() < r.min() ? 0 : span - 1] = 1;
      }
    } else if (dist instanceof Distribution.Histogram h) {
      for (Distribution.Bin b : h.bins()) {
        long from = (long) Math.ceil(b.from());
        long to = (long) Math.floor(b.to());
        if (to < from) {
          continue;
        }
        double each = b.weight() / (to - from + 1);
        for (long x = from; x <= to; x++) {
          p[(int) (x - r.min())] += each;
        }
      }
    } else {
      Arrays.fill(p, 1);
    }
    return p;
  }

  /** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf; error below 1.5e-7). */
  static double phi(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double y =
        1
            - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                    + 0.254829592)
                * t
                * Math.exp(-x * x);
    return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
  }

  /** The domain of {@code attr} given the state: the first matching conditional, or the default. */
  CDomain domain(int attr, long[] vals, boolean[] has) {
    for (CCond c : conds[attr]) {
      if (c.matches(vals, has)) {
        return c.domain;
      }
    }
    return defaults[attr];
  }

  /**
   * Draws {@code attr} into {@code vals}; false when exclusions leave no value (the caller retries
   * the persona).
   */
  boolean draw(int attr, SplittableRandom rnd, long[] vals, boolean[] has, double[] scratch) {
    if (names[attr] != null) {
      vals[attr] =
          names[attr].draw(
              path -> {
                int d = index.get(path);
                return has[d] ? decode(d, vals[d]) : null;
              },
              rnd.nextDouble());
      has[attr] = true;
      return true;
    }
    CDomain d = domain(attr, vals, has);
    CExcl[] ex = exclusionsByTarget[attr];
    if (ex.length > 0) {
      boolean any = false;
      for (CExcl e : ex) {
        if (e.applies(vals, has)) {
          if (!any) {
            System.arraycopy(d.p, 0, scratch, 0, d.p.length);
            any = true;
          }
          for (int c = 0; c < e.forbidden.length; c++) {
            if (e.forbidden[c]) {
              scratch[c] = 0;
            }
          }
        }
      }
      if (any) {
        double total = 0;
        for (int c = 0; c < d.p.length; c++) {
          total += scratch[c];
        }
        if (!(total > 0)) {
          return false;
        }
        double x = rnd.nextDouble() * total;
        int pick = d.p.length - 1;
        for (int c = 0; c < d.p.length; c++) {
          x -= scratch[c];
          if (x < 0 && scratch[c] > 0) {
            pick = c;
            break;
          }
        }
        while (scratch[pick] <= 0) {
          pick--;
        }
        vals[attr] = pick;
        has[attr] = true;
        return true;
      }
    }
    vals[attr] = d.draw(rnd);
    has[attr] = true;
    return true;
  }

  /** Probability that {@code attr} takes code/whole number in [lo, hi] given the state. */
  double probability(int attr, long lo, long hi, long[] vals, boolean[] has) {
    CDomain d = domain(attr, vals, has);
    double p = d.probRange(lo, hi);
    CExcl[] ex = exclusionsByTarget[attr];
    if (ex.length > 0 && p > 0) {
      double removed = 0;
      for (CExcl e : ex) {
        if (e.applies(vals, has)) {
          for (int c = 0; c < e.forbidden.length; c++) {
            if (e.forbidden[c]) {
              if (c >= lo && c <= hi) {
                return 0;
              }
              removed += d.p[c];
            }
          }
        }
      }
      p = removed < 1 ? p / (1 - removed) : 0;
    }
    return p;
  }

  /** The largest {@link #probability} over every domain of {@code attr} (the rejection bound). */
  double maxProbability(int attr, long lo, long hi) {
    double m = defaults[attr].probRange(lo, hi);
    for (CCond c : conds[attr]) {
      m = Math.max(m, c.domain.probRange(lo, hi));
    }
    return m;
  }

  static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** Two decimals without String.format (hot path). */
  static String format2(double v) {
    long cents = Math.round(v * 100);
    StringBuilder sb = new StringBuilder(12);
    if (cents < 0) {
      sb.append('-');
      cents = -cents;
    }
    sb.append(cents / 100).append('.');
    long r = cents % 100;
    if (r < 10) {
      sb.append('0');
    }
    return sb.append(r).toString();
  }

  /** A compiled domain: a cumulative table over codes or whole numbers, or a direct draw. */
  static final class CDomain implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int TABLE = 0;
    static final int DIRECT_INT = 1;
    static final int DIRECT_NUMBER = 2;
    static final int TEXT = 3;

    final int kind;

    /** Normalised probabilities (TABLE). */
    final double[] p;

    /** Cumulative probabilities, last exactly 1 (TABLE). */
    final double[] cum;

    final long offset;
    final double min;
    final double max;
    final Distribution dist;
    private final double[] binCum;

    CDomain(int kind, double[] p, double[] cum, double min, double max, Distribution dist) {
      this.kind = kind;
      this.p = p;
      this.cum = cum;
      this.offset = (long) min;
      this.min = min;
      this.max = max;
      this.dist = dist;
      if (dist instanceof Distribution.Histogram h) {
        binCum = new double[h.bins().size()];
        double t = 0;
        for (int i = 0; i < binCum.length; i++) {
          t += h.bins().get(i).weight();
          binCum[i] = t;
        }
        for (int i = 0; i < binCum.length; i++) {
          binCum[i] /= t;
        }
      } else {
        binCum = null;
      }
    }

    static CDomain table(double[] weights, long offset) {
      double total = 0;
      for (double w : weights) {
        total += w;
      }
      double[] p = new double[weights.length];
      double[] cum = new double[weights.length];
      double run = 0;
      for (int i = 0; i < weights.length; i++) {
        p[i] = weights[i] / total;
        run += p[i];
        cum[i] = run;
      }
      // The last positive entry closes at exactly 1 so a draw can never fall past the table.
      for (int i = cum.length - 1; i >= 0; i--) {
        cum[i] = 1;
        if (p[i] > 0) {
          break;
        }
      }
      return new CDomain(TABLE, p, cum, offset, offset + weights.length - 1, null);
    }

    long draw(SplittableRandom rnd) {
      switch (kind) {
        case TABLE -> {
          return offset + search(cum, rnd.nextDouble());
        }
        case DIRECT_INT -> {
          double v = direct(rnd);
          return Math.max((long) min, Math.min((long) max, Math.round(v)));
        }
        case DIRECT_NUMBER -> {
          return Double.doubleToLongBits(round2(direct(rnd)));
        }
        default -> {
          return 0;
        }
      }
    }

    private double direct(SplittableRandom rnd) {
      if (dist instanceof Distribution.Normal nd) {
        for (int i = 0; i < DEFAULT_NORMAL_REDRAWS; i++) {
          double v = nd.mean() + nd.sd() * rnd.nextGaussian();
          if (v >= min && v <= max) {
            return v;
          }
        }
        return Math.max(min, Math.min(max, nd.mean()));
      } else if (binCum != null) {
        Distribution.Bin b =
            ((Distribution.Histogram) dist).bins().get(search(binCum, rnd.nextDouble()));
        return b.from() + rnd.nextDouble() * (b.to() - b.from());
      }
      return min + rnd.nextDouble() * (max - min);
    }

    /** Draws a code or whole number in [lo, hi] in proportion to the table (TABLE only). */
    long drawIn(SplittableRandom rnd, long lo, long hi) {
      int a = (int) Math.max(0, lo - offset);
      int b = (int) Math.min(p.length - 1, hi - offset);
      double base = a == 0 ? 0 : cum[a - 1];
      double u = base + rnd.nextDouble() * (cum[b] - base);
      int k = search(cum, u);
      k = Math.max(a, Math.min(b, k));
      while (p[k] <= 0 && k > a) {
        k--;
      }
      while (p[k] <= 0 && k < b) {
        k++;
      }
      return offset + k;
    }

    /** Probability of the codes or whole numbers in [lo, hi] (0 for non-table domains). */
    double probRange(long lo, long hi) {
      if (kind != TABLE) {
        return 0;
      }
      long a = Math.max(0, lo - offset);
      long b = Math.min(p.length - 1, hi - offset);
      if (a > b) {
        return 0;
      }
      double s = 0;
      for (long k = a; k <= b; k++) {
        s += p[(int) k];
      }
      return s;
    }

    /** First index whose cumulative value is above u. */
    private static int search(double[] cum, double u) {
      return Distribution.firstAbove(cum, u);
    }
  }

  /** A compiled conditional: all {@code deps[k]} hold {@code want[k]}. */
  record CCond(int[] deps, long[] want, CDomain domain) implements Serializable {
    boolean matches(long[] vals, boolean[] has) {
      for (int k = 0; k < deps.length; k++) {
        if (!has[deps[k]] || vals[deps[k]] != want[k]) {
          return false;
        }
      }
      return true;
    }
  }

  /** A compiled exclusion, attached to its last attribute in sampling order. */
  record CExcl(int[] others, boolean[][] otherValues, boolean[] forbidden) implements Serializable {
    boolean applies(long[] vals, boolean[] has) {
      for (int k = 0; k < others.length; k++) {
        if (!has[others[k]] || !otherValues[k][(int) vals[others[k]]]) {
          return false;
        }
      }
      return true;
    }
  }
}
