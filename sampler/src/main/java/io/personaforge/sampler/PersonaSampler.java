package io.personaforge.sampler;

import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.AttributeType;
import io.personaforge.taxonomy.Taxonomy;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Draws one persona's attributes: the taxonomy's core attributes, the quota cell's attributes, and
 * a number of further attributes in [depth.min, depth.max], each with every attribute its
 * conditionals depend on, drawn in sampling order so each is conditioned on those before it.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Deterministic: the result depends only on (taxonomy, config, cell, run seed, round,
 *       ordinal), never on threads, arrival order or earlier calls.
 *   <li>A cell's fixed values are honoured, and the other attributes follow the taxonomy's
 *       distribution <em>given</em> them: parents of a fixed attribute are drawn from the posterior
 *       by rejection (at most {@link #DEFAULT_MAX_ATTEMPTS} attempts, each from its own
 *       deterministic stream).
 *   <li>No drawn persona holds a combination the taxonomy's {@code never:} list forbids.
 *   <li>Leaf coverage: further attributes are taken as a window of a fixed permutation of the
 *       non-core attributes, starting at {@code ordinal × depth.min}, so a run whose ordinals are
 *       0..N-1 with N × depth.min ≥ leaves uses every leaf (see {@link LeafCoverage}).
 * </ul>
 *
 * <p>Thread-safe and serializable (the compiled tables are built once in the constructor): build
 * one per run and share it.
 */
public final class PersonaSampler implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Rejection attempts before giving up on a persona: a planned cell has been seen at least once in
   * the planner's estimation draws, so its acceptance rate is far above 1/10,000 in practice.
   */
  public static final int DEFAULT_MAX_ATTEMPTS = 10_000;

  /** Seed of the permutation that orders non-core attributes for progressive depth. */
  static final long PERMUTATION_SEED = 0x5DEECE66DL;

  /** Salt separating retry streams from the first attempt's stream. */
  private static final long RETRY_SALT = 0x2545F4914F6CDD1DL;

  /** Shift between rounds so a refill round does not reuse round 0's windows. */
  private static final long ROUND_SHIFT = 7919;

  private final CompiledTaxonomy model;
  private final SamplingConfig config;
  private final boolean[] coreMask;
  private final int[] permutation;
  private final int maxCodes;
  private final transient Map<Map<String, String>, Fixed> fixedCache = new ConcurrentHashMap<>();
  private transient volatile Fixed last;

  /** A sampler that draws every attribute of the taxonomy (depth = the whole taxonomy). */
  public PersonaSampler(Taxonomy taxonomy) {
    this(taxonomy, SamplingConfig.depth(100_000, 100_000));
  }

  public PersonaSampler(Taxonomy taxonomy, SamplingConfig config) {
    this(new CompiledTaxonomy(taxonomy), config);
  }

  PersonaSampler(CompiledTaxonomy model, SamplingConfig config) {
    this.model = model;
    this.config = config;
    int n = model.n;
    coreMask = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (model.taxonomy.attributes().get(i).core()) {
        for (int d : model.closure[i]) {
          coreMask[d] = true;
        }
      }
    }
    permutation =
        IntStream.range(0, n).filter(i -> !model.taxonomy.attributes().get(i).core()).toArray();
    int m = 1;
    for (String[] v : model.values) {
      m = Math.max(m, v.length);
    }
    maxCodes = m;
    SplittableRandom r = new SplittableRandom(PERMUTATION_SEED);
    for (int i = permutation.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = permutation[i];
      permutation[i] = permutation[j];
      permutation[j] = t;
    }
  }

  public Taxonomy taxonomy() {
    return model.taxonomy;
  }

  public SamplingConfig config() {
    return config;
  }

  /** Draws the attributes of the persona at (runSeed, round, ordinal) in {@code cell}. */
  public AttributeSet sample(Cell cell, long runSeed, int round, long ordinal) {
    Fixed fixed = fixed(cell);
    long base = Seeds.mix(runSeed, round, ordinal);
    SplittableRandom rnd = new SplittableRandom(base);
    boolean[] chosen = choose(fixed, rnd, round, ordinal);
    int n = model.n;
    long[] vals = new long[n];
    boolean[] has = new boolean[n];
    double[] scratch = new double[maxCodes];
    // Phase 1 draws only what the fixed values depend on, with rejection until they are accepted;
    // phase 2 then draws everything else once. Attributes outside phase 1 cannot change whether a
    // fixed value is accepted, so the result is the same as rejecting whole personas, only cheaper.
    int[] first = new int[n];
    int[] second = new int[n];
    int nFirst = 0;
    int nSecond = 0;
    for (int i = 0; i < n; i++) {
      if (chosen[i]) {
        if (fixed.phase1[i]) {
          first[nFirst++] = i;
        } else {
          second[nSecond++] = i;
        }
      }
    }
    for (int attempt = 0; attempt < DEFAULT_MAX_ATTEMPTS; attempt++) {
      SplittableRandom draws =
          attempt == 0 ? rnd : new SplittableRandom(Seeds.mix(base ^ RETRY_SALT, attempt, 0));
      if (attempt > 0) {
        Arrays.fill(has, false);
      }
      if (drawAll(first, nFirst, fixed, draws, vals, has, scratch)
          && drawAll(second, nSecond, fixed, draws, vals, has, scratch)) {
        int count = 0;
        for (int i = 0; i < n; i++) {
          count += has[i] ? 1 : 0;
        }
        Map<String, String> out = new AttributeSet.Handover(count);
        for (int i = 0; i < n; i++) {
          if (has[i]) {
            out.put(model.paths[i], model.decode(i, vals[i]));
          }
        }
        return new AttributeSet(out);
      }
    }
    throw new IllegalStateException(
        "no persona for cell "
            + cell.key()
            + " after "
            + DEFAULT_MAX_ATTEMPTS
            + " attempts: the taxonomy makes this combination (nearly) impossible");
  }

  /**
   * Draws the attributes {@code order[0..count)} (ascending, so in sampling order); false when a
   * fixed value is rejected or exclusions leave no value.
   */
  boolean drawAll(
      int[] order,
      int count,
      Fixed fixed,
      SplittableRandom rnd,
      long[] vals,
      boolean[] has,
      double[] scratch) {
    for (int k = 0; k < count; k++) {
      int i = order[k];
      int f = fixed.slot[i];
      if (f < 0) {
        if (!model.draw(i, rnd, vals, has, scratch)) {
          return false;
        }
        continue;
      }
      if (fixed.lo[f] == Long.MIN_VALUE) {
        // A fixed number or text: nothing to weigh, the value is simply set.
        vals[i] = fixed.exact[f];
        has[i] = true;
        continue;
      }
      double p = model.probability(i, fixed.lo[f], fixed.hi[f], vals, has);
      if (!(p > 0) || rnd.nextDouble() * fixed.bound[f] >= p) {
        return false;
      }
      if (fixed.lo[f] == fixed.hi[f]) {
        vals[i] = fixed.lo[f];
      } else {
        vals[i] = model.domain(i, vals, has).drawIn(rnd, fixed.lo[f], fixed.hi[f]);
      }
      has[i] = true;
    }
    return true;
  }

  private boolean[] choose(Fixed fixed, SplittableRandom rnd, int round, long ordinal) {
    boolean[] chosen = coreMask.clone();
    for (int a : fixed.attrs) {
      for (int d : model.closure[a]) {
        chosen[d] = true;
      }
    }
    int len = permutation.length;
    if (len == 0) {
      return chosen;
    }
    SamplingConfig.Depth depth = config.depth();
    int min = Math.min(depth.min(), len);
    int max = Math.min(depth.max(), len);
    int k = min == max ? min : min + rnd.nextInt(max - min + 1);
    long stride = Math.max(1, min);
    int start = (int) Math.floorMod(ordinal * stride + round * ROUND_SHIFT, (long) len);
    for (int j = 0; j < k; j++) {
      int a = permutation[(start + j) % len];
      for (int d : model.closure[a]) {
        chosen[d] = true;
      }
    }
    return chosen;
  }

  private Fixed fixed(Cell cell) {
    // Personas of one cell usually come one after another: an identity check skips hashing.
    Fixed f = last;
    if (f != null && f.source() == cell.fixed()) {
      return f;
    }
    f = fixedCache.computeIfAbsent(cell.fixed(), this::compileFixed);
    last = f;
    return f;
  }

  private Fixed compileFixed(Map<String, String> fixedValues) {
    int n = model.n;
    int[] slot = new int[n];
    Arrays.fill(slot, -1);
    int m = fixedValues.size();
    int[] attrs = new int[m];
    long[] lo = new long[m];
    long[] hi = new long[m];
    long[] exact = new long[m];
    double[] bound = new double[m];
    int f = 0;
    for (Map.Entry<String, String> e : fixedValues.entrySet()) {
      Integer idx = model.index.get(e.getKey());
      if (idx == null) {
        throw new IllegalArgumentException(
            "cell fixes unknown attribute '" + e.getKey() + "' of " + model.taxonomy.name());
      }
      attrs[f] = idx;
      slot[idx] = f;
      AttributeType t = model.types[idx];
      if (t == AttributeType.INTEGER) {
        long[] range = Bins.parse(e.getValue());
        lo[f] = range[0];
        hi[f] = range[1];
      } else if (t == AttributeType.CATEGORICAL || t == AttributeType.BOOLEAN) {
        lo[f] = hi[f] = model.encode(idx, e.getValue());
      } else {
        lo[f] = Long.MIN_VALUE;
        exact[f] = model.encode(idx, e.getValue());
      }
      if (lo[f] != Long.MIN_VALUE) {
        bound[f] = model.maxProbability(idx, lo[f], hi[f]);
        if (!(bound[f] > 0)) {
          throw new IllegalArgumentException(
              "the taxonomy never draws " + e.getKey() + "=" + e.getValue());
        }
      }
      f++;
    }
    boolean[] phase1 = new boolean[n];
    for (int a : attrs) {
      for (int d : model.closure[a]) {
        phase1[d] = true;
      }
    }
    // An exclusion aimed at a phase-1 attribute needs its other attributes drawn first, so they
    // join phase 1 too (with their dependencies), until nothing changes.
    boolean grew = true;
    while (grew) {
      grew = false;
      for (int i = 0; i < n; i++) {
        if (!phase1[i]) {
          continue;
        }
        for (CompiledTaxonomy.CExcl e : model.exclusionsByTarget[i]) {
          for (int o : e.others()) {
            for (int d : model.closure[o]) {
              if (!phase1[d]) {
                phase1[d] = true;
                grew = true;
              }
            }
          }
        }
      }
    }
    return new Fixed(fixedValues, slot, attrs, lo, hi, exact, bound, phase1);
  }

  private Object readResolve() {
    return new PersonaSampler(model, config);
  }

  /** A cell's fixed values, compiled: per fixed attribute a code or whole-number range. */
  record Fixed(
      Map<String, String> source,
      int[] slot,
      int[] attrs,
      long[] lo,
      long[] hi,
      long[] exact,
      double[] bound,
      boolean[] phase1) {}
}
