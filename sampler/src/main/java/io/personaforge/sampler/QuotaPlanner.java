package io.personaforge.sampler;

import io.personaforge.schemas.config.ConfigException;
import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.AttributeType;
import io.personaforge.taxonomy.Exclusion;
import io.personaforge.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Turns quota shares into exact integer cell targets before anything is sampled.
 *
 * <p>Method: (1) check every quota against the taxonomy; (2) estimate the taxonomy's own joint
 * distribution of the quota'd attributes by drawing {@code estimation_draws} personas from a fixed
 * seed; (3) fit that joint to every quota at once by iterative proportional fitting, so the
 * correlations the taxonomy encodes survive wherever the quotas leave room; (4) round the fitted
 * table by controlled rounding.
 *
 * <p>Guarantees of the returned plan: cell targets sum exactly to the size; for every quota and
 * every one of its values (or value combinations), the planned count is within 1 of share × size
 * (floor or ceiling); no cell is a combination the taxonomy forbids or never produces.
 *
 * <p>Problems are {@link ConfigException}s whose key paths ({@code quotas[0].shares.female}) the
 * config loader places in the file; quotas that cannot be met together are named together.
 */
public final class QuotaPlanner {
  /** How far shares may sum from 1 and still be accepted (rounding in hand-written YAML). */
  public static final double DEFAULT_SHARE_TOLERANCE = 0.001;

  /** Joint tables beyond this many cells are refused: planning memory and time grow with it. */
  public static final int DEFAULT_MAX_CELLS = 2_000_000;

  /** IPF sweeps before the quotas are declared contradictory. */
  static final int DEFAULT_IPF_SWEEPS = 5_000;

  /** IPF has converged when every quota margin is this close to its share. */
  static final double DEFAULT_IPF_TOLERANCE = 1e-7;

  /**
   * An unconverged IPF still counts as making progress when its error over the second half of the
   * sweeps fell below this fraction (1/sweeps convergence halves it; contradictions stall near 1).
   */
  static final double DEFAULT_IPF_PROGRESS = 0.7;

  /** Cells IPF shrank below this fraction of their seed are taken to be 0 in the re-run. */
  static final double DEFAULT_IPF_PRUNE = 1e-3;

  /** Seed of the estimation draws: fixed so a config always gives the same plan. */
  static final long ESTIMATION_SEED = 0x7F4A7C159E3779B9L;

  private final Taxonomy taxonomy;
  private final CompiledTaxonomy model;

  public QuotaPlanner(Taxonomy taxonomy) {
    this.taxonomy = taxonomy;
    this.model = new CompiledTaxonomy(taxonomy);
  }

  /** Checks the quotas against the taxonomy and plans {@code size} personas (default sampling). */
  public QuotaPlan plan(long size, List<QuotaSpec> quotas) {
    return plan(size, quotas, SamplingConfig.DEFAULT);
  }

  /** Checks the quotas against the taxonomy and plans {@code size} personas. */
  public QuotaPlan plan(long size, List<QuotaSpec> quotas, SamplingConfig sampling) {
    if (size < 1) {
      throw ConfigException.of("count", "count must be at least 1, got " + size);
    }
    if (quotas.isEmpty()) {
      return new QuotaPlan(size, quotas, List.of(new Cell(Map.of(), size)));
    }
    Space space = new Space();
    List<Quota> qs = new ArrayList<>();
    for (int i = 0; i < quotas.size(); i++) {
      qs.add(check(i, quotas.get(i), space));
    }
    space.finish();
    checkOverlaps(qs, space);
    double[] seed = estimate(space, sampling.estimationDraws());
    for (Quota q : qs) {
      q.project(space);
      checkSupport(q, seed, space);
    }
    double[] fitted = fit(seed, qs, space, size);
    long[] counts = Rounding.round(fitted, qs, size);
    List<Cell> cells = new ArrayList<>();
    int[] digits = new int[space.paths.size()];
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] == 0) {
        continue;
      }
      space.decode(c, digits);
      Map<String, String> fixed = new LinkedHashMap<>();
      for (int k = 0; k < digits.length; k++) {
        fixed.put(space.paths.get(k), space.labels.get(k).get(digits[k]));
      }
      cells.add(new Cell(fixed, counts[c]));
    }
    return new QuotaPlan(size, quotas, cells);
  }

  // ---------------------------------------------------------------- checks

  private Quota check(int index, QuotaSpec spec, Space space) {
    String key = "quotas[" + index + "]";
    if (spec.attribute() != null && !spec.attributes().isEmpty()) {
      throw ConfigException.of(
          key,
          "write either 'attribute' (a marginal quota) or 'attributes' (a joint one), not both");
    }
    List<String> paths = spec.paths();
    if (paths.isEmpty() || paths.stream().anyMatch(p -> p == null || p.isBlank())) {
      throw ConfigException.of(
          key,
          "a quota needs 'attribute' (a taxonomy path such as demographics.gender) or"
              + " 'attributes' (a list of paths, for joint shares)");
    }
    String attrKey = spec.isJoint() ? key + ".attributes" : key + ".attribute";
    List<Attribute> attrs = new ArrayList<>();
    for (int k = 0; k < paths.size(); k++) {
      String p = paths.get(k);
      String at = spec.isJoint() ? attrKey + "[" + k + "]" : attrKey;
      if (paths.indexOf(p) != k) {
        throw ConfigException.of(at, "attribute " + p + " is listed twice");
      }
      Attribute a =
          taxonomy
              .attribute(p)
              .orElseThrow(
                  () ->
                      ConfigException.of(
                          at,
                          "unknown attribute '"
                              + p
                              + "' in taxonomy "
                              + taxonomy.name()
                              + "; see `personaforge taxonomy show "
                              + taxonomy.name()
                              + "`"));
      if (a.type() != AttributeType.CATEGORICAL
          && a.type() != AttributeType.BOOLEAN
          && a.type() != AttributeType.INTEGER) {
        throw ConfigException.of(
            at,
            "quotas need a categorical, boolean or integer (binned) attribute; "
                + a.path()
                + " is "
                + a.type().name().toLowerCase(Locale.ROOT));
      }
      if (a.type() == AttributeType.INTEGER
          && model.defaults[model.index.get(p)].kind != CompiledTaxonomy.CDomain.TABLE) {
        throw ConfigException.of(
            at,
            a.path()
                + " spans more than "
                + CompiledTaxonomy.DEFAULT_MAX_TABLE
                + " whole numbers; quotas can bin integer attributes with smaller ranges only");
      }
      attrs.add(a);
    }
    if (spec.shares().isEmpty()) {
      throw ConfigException.of(key + ".shares", "a quota needs 'shares' (value: share)");
    }
    double sum = 0;
    Map<List<String>, Double> byValues = new LinkedHashMap<>();
    Map<List<String>, String> keyOf = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : spec.shares().entrySet()) {
      String shareKey = key + ".shares." + e.getKey();
      List<String> vs = spec.keyValues(e.getKey());
      if (vs.size() != attrs.size()) {
        throw ConfigException.of(
            shareKey,
            "a joint share names one value per attribute ("
                + attrs.size()
                + ", joined by '|'), got "
                + vs.size());
      }
      List<String> canonical = new ArrayList<>();
      for (int k = 0; k < vs.size(); k++) {
        canonical.add(checkValue(shareKey, attrs.get(k), vs.get(k)));
      }
      double s = e.getValue() == null ? Double.NaN : e.getValue();
      if (!(s >= 0 && s <= 1)) {
        throw ConfigException.of(
            shareKey, "a share must be a number in [0, 1], got " + e.getValue());
      }
      if (byValues.put(canonical, s) != null) {
        throw ConfigException.of(
            shareKey, "this value is listed twice (as '" + keyOf.get(canonical) + "' too)");
      }
      keyOf.put(canonical, e.getKey());
      sum += s;
    }
    if (Math.abs(sum - 1) > DEFAULT_SHARE_TOLERANCE) {
      throw ConfigException.of(
          key + ".shares",
          String.format(
              Locale.ROOT,
              "shares sum to %.4g, they must sum to 1 (±%s)",
              sum,
              DEFAULT_SHARE_TOLERANCE));
    }
    Quota q = new Quota(index, key, spec, attrs, byValues, keyOf, sum);
    for (int k = 0; k < attrs.size(); k++) {
      Attribute a = attrs.get(k);
      if (a.type() == AttributeType.INTEGER) {
        List<long[]> bins = new ArrayList<>();
        for (List<String> vs : byValues.keySet()) {
          long[] b = Bins.parse(vs.get(k));
          if (bins.stream().noneMatch(x -> x[0] == b[0] && x[1] == b[1])) {
            bins.add(b);
          }
        }
        space.addBins(q, a, bins);
      } else {
        // Digits follow the compiled codes (booleans are false, true), not possibleValues().
        space.addCategorical(a, List.of(model.values[model.index.get(a.path())]));
      }
    }
    return q;
  }

  /** The canonical text of {@code value} for {@code a}, or a ConfigException. */
  private String checkValue(String shareKey, Attribute a, String value) {
    if (a.type() == AttributeType.INTEGER) {
      try {
        long[] b = Bins.parse(value);
        return Bins.format(b[0], b[1]);
      } catch (IllegalArgumentException e) {
        throw ConfigException.of(shareKey, e.getMessage() + " (" + a.path() + " is an integer)");
      }
    }
    var possible = a.possibleValues();
    if (!possible.contains(value)) {
      throw ConfigException.of(
          shareKey,
          "'"
              + value
              + "' is not a value of "
              + a.path()
              + "; values: "
              + String.join(", ", possible));
    }
    return value;
  }

  /** Two quotas over shared attributes must give those attributes the same shares. */
  private void checkOverlaps(List<Quota> qs, Space space) {
    for (int j = 0; j < qs.size(); j++) {
      for (int i = 0; i < j; i++) {
        Quota a = qs.get(i);
        Quota b = qs.get(j);
        List<String> common = new ArrayList<>(a.paths());
        common.retainAll(b.paths());
        if (common.isEmpty()) {
          continue;
        }
        Map<List<String>, Double> ma = a.marginOver(common);
        Map<List<String>, Double> mb = b.marginOver(common);
        Set<List<String>> keys = new LinkedHashSet<>(ma.keySet());
        keys.addAll(mb.keySet());
        for (List<String> k : keys) {
          double x = ma.getOrDefault(k, 0.0) / a.sum;
          double y = mb.getOrDefault(k, 0.0) / b.sum;
          if (Math.abs(x - y) > DEFAULT_SHARE_TOLERANCE) {
            throw ConfigException.of(
                b.key,
                String.format(
                    Locale.ROOT,
                    "%s and %s contradict each other: %s gets %.4g in %s but %.4g in %s",
                    a.key,
                    b.key,
                    describe(common, k),
                    x,
                    a.key,
                    y,
                    b.key));
          }
        }
      }
    }
  }

  private static String describe(List<String> paths, List<String> values) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < paths.size(); k++) {
      if (k > 0) {
        sb.append(", ");
      }
      sb.append(paths.get(k)).append('=').append(values.get(k));
    }
    return sb.toString();
  }

  /** Every share above 0 must name something the taxonomy can produce. */
  private void checkSupport(Quota q, double[] seed, Space space) {
    double[] m = q.margin(seed);
    for (Map.Entry<List<String>, Double> e : q.shares.entrySet()) {
      if (e.getValue() <= 0) {
        continue;
      }
      int v = q.marginIndex(e.getKey(), space);
      if (v >= 0 && m[v] > 0) {
        continue;
      }
      String shareKey = q.key + ".shares." + q.keyOf.get(e.getKey());
      for (Exclusion x : taxonomy.exclusions()) {
        if (q.paths().containsAll(x.values().keySet()) && excludes(x, q.paths(), e.getKey())) {
          throw ConfigException.of(
              shareKey,
              "the taxonomy forbids "
                  + describe(q.paths(), e.getKey())
                  + " (its never["
                  + x.index()
                  + "]), so this share cannot be met; set it to 0 or drop it");
        }
      }
      throw ConfigException.of(
          shareKey,
          "the taxonomy never produces "
              + describe(q.paths(), e.getKey())
              + " (not once in "
              + (long) Math.round(space.draws)
              + " estimation draws), so this share cannot be met; set it to 0 or drop it");
    }
  }

  private static boolean excludes(Exclusion x, List<String> paths, List<String> values) {
    for (Map.Entry<String, Set<String>> e : x.values().entrySet()) {
      if (!e.getValue().contains(values.get(paths.indexOf(e.getKey())))) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- estimation and fitting

  /** The taxonomy's joint distribution over the quota'd attributes, by counting draws. */
  private double[] estimate(Space space, int draws) {
    int n = model.n;
    boolean[] chosen = new boolean[n];
    for (String p : space.paths) {
      for (int d : model.closure[model.index.get(p)]) {
        chosen[d] = true;
      }
    }
    int[] attrIdx = space.paths.stream().mapToInt(model.index::get).toArray();
    double[] counts = new double[space.size];
    long[] vals = new long[n];
    boolean[] has = new boolean[n];
    int maxCodes = 1;
    for (String[] v : model.values) {
      maxCodes = Math.max(maxCodes, v.length);
    }
    double[] scratch = new double[maxCodes];
    int[] digits = new int[attrIdx.length];
    double got = 0;
    outer:
    for (int d = 0; d < draws; d++) {
      SplittableRandom rnd = new SplittableRandom(Seeds.mix(ESTIMATION_SEED, 0, d));
      Arrays.fill(has, false);
      for (int i = 0; i < n; i++) {
        if (chosen[i] && !model.draw(i, rnd, vals, has, scratch)) {
          continue outer;
        }
      }
      for (int k = 0; k < attrIdx.length; k++) {
        digits[k] = space.digit(k, vals[attrIdx[k]]);
      }
      counts[space.encode(digits)]++;
      got++;
    }
    space.draws = draws;
    for (int c = 0; c < counts.length; c++) {
      counts[c] /= got;
    }
    return counts;
  }

  /** Iterative proportional fitting of the seed to every quota; a table summing to 1. */
  private double[] fit(double[] seed, List<Quota> qs, Space space, long size) {
    double[] t = fitOnly(seed, qs);
    if (t != null) {
      return t;
    }
    // Name the smallest set of quotas that cannot be met together.
    for (int j = 0; j < qs.size(); j++) {
      for (int i = 0; i < j; i++) {
        if (fitOnly(seed, List.of(qs.get(i), qs.get(j))) == null) {
          throw ConfigException.of(
              qs.get(j).key,
              qs.get(i).key
                  + " and "
                  + qs.get(j).key
                  + " cannot be met together: the taxonomy's conditional weights and exclusions"
                  + " leave too few personas for the combinations they ask for");
        }
      }
    }
    List<String> keys = qs.stream().map(q -> q.key).toList();
    throw ConfigException.of(
        qs.get(qs.size() - 1).key,
        String.join(", ", keys)
            + " cannot be met together (each pair can, all at once cannot): the taxonomy's"
            + " conditional weights and exclusions leave too few personas for the combinations"
            + " they ask for");
  }

  /**
   * The fitted table, or null when the quotas cannot hold together. Plain IPF converges slowly
   * (like 1/sweeps) when the only solutions put some cells at exactly 0 — quotas on the edge of
   * what the taxonomy allows. Such runs are still improving when the sweeps run out, unlike
   * contradictory quotas whose error settles above 0; the cells IPF was driving to 0 are then
   * zeroed and IPF re-run, which converges at once.
   */
  static double[] fitOnly(double[] seed, List<Quota> qs) {
    Ipf first = ipf(seed, qs);
    if (first.worst < DEFAULT_IPF_TOLERANCE) {
      return first.table;
    }
    if (!(first.worst < DEFAULT_IPF_PROGRESS * first.worstAtHalf)) {
      return null;
    }
    double[] pruned = seed.clone();
    for (int c = 0; c < pruned.length; c++) {
      if (first.table[c] < DEFAULT_IPF_PRUNE * seed[c]) {
        pruned[c] = 0;
      }
    }
    Ipf second = ipf(pruned, qs);
    return second.worst < DEFAULT_IPF_TOLERANCE ? second.table : null;
  }

  /** IPF's table and its worst margin error at the end and half-way. */
  private record Ipf(double[] table, double worst, double worstAtHalf) {}

  private static Ipf ipf(double[] seed, List<Quota> qs) {
    double[] t = seed.clone();
    double worst = Double.POSITIVE_INFINITY;
    double half = Double.POSITIVE_INFINITY;
    for (int sweep = 0; sweep < DEFAULT_IPF_SWEEPS; sweep++) {
      for (Quota q : qs) {
        double[] m = q.margin(t);
        double[] factor = new double[m.length];
        for (int v = 0; v < m.length; v++) {
          double target = q.target[v];
          if (m[v] <= 0) {
            if (target > 0) {
              return new Ipf(t, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
            }
            factor[v] = 0;
          } else {
            factor[v] = target / m[v];
          }
        }
        for (int c = 0; c < t.length; c++) {
          t[c] *= factor[q.proj[c]];
        }
      }
      worst = 0;
      for (Quota q : qs) {
        double[] m = q.margin(t);
        for (int v = 0; v < m.length; v++) {
          worst = Math.max(worst, Math.abs(m[v] - q.target[v]));
        }
      }
      if (worst < DEFAULT_IPF_TOLERANCE) {
        break;
      }
      if (sweep == DEFAULT_IPF_SWEEPS / 2) {
        half = worst;
      }
    }
    return new Ipf(t, worst, half);
  }

  // ---------------------------------------------------------------- model of the cell space

  /** The cross product of the quota'd attributes' values (or bins), as mixed-radix cell indexes. */
  static final class Space {
    final List<String> paths = new ArrayList<>();
    final List<AttributeType> types = new ArrayList<>();

    /** Per attribute: the label of each digit (a value, a bin, or "" for outside every bin). */
    final List<List<String>> labels = new ArrayList<>();

    /** Per attribute: for categorical, code → digit; for bins, null. */
    final List<long[][]> bins = new ArrayList<>();

    final List<String> binOwner = new ArrayList<>();
    int[] radix;
    int size;
    double draws;

    void addCategorical(Attribute a, List<String> codes) {
      if (paths.contains(a.path())) {
        return;
      }
      paths.add(a.path());
      types.add(a.type());
      labels.add(new ArrayList<>(codes));
      bins.add(null);
      binOwner.add(null);
    }

    void addBins(Quota q, Attribute a, List<long[]> bs) {
      List<long[]> sorted = new ArrayList<>(bs);
      sorted.sort(Comparator.comparingLong(b -> b[0]));
      for (int k = 1; k < sorted.size(); k++) {
        if (sorted.get(k)[0] <= sorted.get(k - 1)[1]) {
          throw ConfigException.of(
              q.key + ".shares",
              "bins "
                  + Bins.format(sorted.get(k - 1)[0], sorted.get(k - 1)[1])
                  + " and "
                  + Bins.format(sorted.get(k)[0], sorted.get(k)[1])
                  + " of "
                  + a.path()
                  + " overlap");
        }
      }
      int at = paths.indexOf(a.path());
      if (at >= 0) {
        long[][] have = bins.get(at);
        boolean same = have.length == sorted.size();
        for (int k = 0; same && k < have.length; k++) {
          same = have[k][0] == sorted.get(k)[0] && have[k][1] == sorted.get(k)[1];
        }
        if (!same) {
          throw ConfigException.of(
              q.key + ".shares",
              binOwner.get(at)
                  + " and "
                  + q.key
                  + " bin "
                  + a.path()
                  + " differently; use the same bins in both");
        }
        return;
      }
      paths.add(a.path());
      types.add(a.type());
      List<String> l = new ArrayList<>();
      for (long[] b : sorted) {
        l.add(Bins.format(b[0], b[1]));
      }
      l.add(""); // outside every bin: always share 0
      labels.add(l);
      bins.add(sorted.toArray(new long[0][]));
      binOwner.add(q.key);
    }

    void finish() {
      radix = new int[paths.size()];
      long s = 1;
      for (int k = 0; k < radix.length; k++) {
        radix[k] = labels.get(k).size();
        s *= radix[k];
        if (s > DEFAULT_MAX_CELLS) {
          throw ConfigException.of(
              "quotas",
              "the quotas' attributes "
                  + String.join(", ", paths)
                  + " combine into more than "
                  + DEFAULT_MAX_CELLS
                  + " cells; quota fewer or coarser attributes");
        }
      }
      size = (int) s;
    }

    /** The digit of an encoded value of the k-th attribute. */
    int digit(int k, long v) {
      long[][] b = bins.get(k);
      if (b == null) {
        return (int) v;
      }
      for (int i = 0; i < b.length; i++) {
        if (v >= b[i][0] && v <= b[i][1]) {
          return i;
        }
      }
      return b.length;
    }

    int digitOfLabel(int k, String label) {
      return labels.get(k).indexOf(label);
    }

    int encode(int[] digits) {
      int c = 0;
      for (int k = 0; k < digits.length; k++) {
        c = c * radix[k] + digits[k];
      }
      return c;
    }

    void decode(int c, int[] digits) {
      for (int k = digits.length - 1; k >= 0; k--) {
        digits[k] = c % radix[k];
        c /= radix[k];
      }
    }
  }

  /** A checked quota: its attributes, shares by canonical values, and its margin projection. */
  static final class Quota {
    final int index;
    final String key;
    final QuotaSpec spec;
    final List<Attribute> attrs;
    final Map<List<String>, Double> shares;
    final Map<List<String>, String> keyOf;
    final double sum;
    int[] proj;
    int[] positions;
    int[] mradix;
    double[] target;

    Quota(
        int index,
        String key,
        QuotaSpec spec,
        List<Attribute> attrs,
        Map<List<String>, Double> shares,
        Map<List<String>, String> keyOf,
        double sum) {
      this.index = index;
      this.key = key;
      this.spec = spec;
      this.attrs = attrs;
      this.shares = shares;
      this.keyOf = keyOf;
      this.sum = sum;
    }

    List<String> paths() {
      return attrs.stream().map(Attribute::path).toList();
    }

    Map<List<String>, Double> marginOver(List<String> common) {
      List<String> mine = paths();
      Map<List<String>, Double> out = new LinkedHashMap<>();
      for (Map.Entry<List<String>, Double> e : shares.entrySet()) {
        List<String> k = new ArrayList<>();
        for (String p : common) {
          k.add(e.getKey().get(mine.indexOf(p)));
        }
        out.merge(k, e.getValue(), Double::sum);
      }
      return out;
    }

    void project(Space space) {
      List<String> mine = paths();
      positions = new int[mine.size()];
      mradix = new int[mine.size()];
      int msize = 1;
      for (int k = 0; k < mine.size(); k++) {
        positions[k] = space.paths.indexOf(mine.get(k));
        mradix[k] = space.radix[positions[k]];
        msize *= mradix[k];
      }
      proj = new int[space.size];
      int[] digits = new int[space.paths.size()];
      for (int c = 0; c < space.size; c++) {
        space.decode(c, digits);
        int m = 0;
        for (int k = 0; k < positions.length; k++) {
          m = m * mradix[k] + digits[positions[k]];
        }
        proj[c] = m;
      }
      target = new double[msize];
      for (Map.Entry<List<String>, Double> e : shares.entrySet()) {
        target[marginIndex(e.getKey(), space)] += e.getValue() / sum;
      }
    }

    int marginIndex(List<String> values, Space space) {
      int m = 0;
      for (int k = 0; k < positions.length; k++) {
        int d = space.digitOfLabel(positions[k], values.get(k));
        if (d < 0) {
          return -1;
        }
        m = m * mradix[k] + d;
      }
      return m;
    }

    double[] margin(double[] table) {
      double[] m = new double[target.length];
      for (int c = 0; c < table.length; c++) {
        m[proj[c]] += table[c];
      }
      return m;
    }
  }
}
