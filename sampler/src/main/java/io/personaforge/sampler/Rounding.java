package io.personaforge.sampler;

import io.personaforge.schemas.config.ConfigException;
import java.util.Arrays;
import java.util.List;

/**
 * Controlled rounding of a fitted table: integer cell counts summing exactly to the size such that
 * every quota's margin is the floor or the ceiling of share × size. Largest-remainder rounding of
 * the cells alone cannot promise that for several margins at once; this rounds up cells greedily
 * under every margin's ceiling (largest remainders first, cells that fill a margin still below its
 * floor before others), then repairs what is left by moving single units between cells while the
 * total violation falls. Cells the fitted table leaves at 0 (forbidden or never produced) stay 0.
 */
final class Rounding {
  /**
   * Repair moves before giving up: each fixes at least one unit of violation, so few are needed.
   */
  static final int DEFAULT_MAX_MOVES = 100_000;

  private static final double EPS = 1e-9;

  private Rounding() {}

  static long[] round(double[] fitted, List<QuotaPlanner.Quota> qs, long size) {
    int k = fitted.length;
    int nq = qs.size();
    long[] n = new long[k];
    double[] frac = new double[k];
    long total = 0;
    for (int c = 0; c < k; c++) {
      double x = fitted[c] * size;
      n[c] = (long) Math.floor(x + EPS);
      frac[c] = x - n[c];
      total += n[c];
    }
    long[][] lo = new long[nq][];
    long[][] hi = new long[nq][];
    long[][] m = new long[nq][];
    int[][] proj = new int[nq][];
    for (int q = 0; q < nq; q++) {
      QuotaPlanner.Quota quota = qs.get(q);
      proj[q] = quota.proj;
      int mv = quota.target.length;
      lo[q] = new long[mv];
      hi[q] = new long[mv];
      m[q] = new long[mv];
      for (int v = 0; v < mv; v++) {
        double t = quota.target[v] * size;
        lo[q][v] = (long) Math.floor(t + EPS);
        hi[q][v] = (long) Math.ceil(t - EPS);
      }
      for (int c = 0; c < k; c++) {
        m[q][proj[q][c]] += n[c];
      }
    }
    Integer[] order = new Integer[k];
    for (int c = 0; c < k; c++) {
      order[c] = c;
    }
    Arrays.sort(
        order,
        (a, b) ->
            a.equals(b)
                ? 0
                : frac[a] != frac[b] ? Double.compare(frac[b], frac[a]) : Integer.compare(a, b));
    // Pass 0: cells every quota still needs; pass 1: cells some quota needs; pass 2: any room.
    for (int pass = 0; pass < 3 && total < size; pass++) {
      boolean progress = true;
      while (progress && total < size) {
        progress = false;
        for (int oc = 0; oc < k && total < size; oc++) {
          int c = order[oc];
          if (fitted[c] <= 0) {
            continue;
          }
          int needing = 0;
          boolean room = true;
          for (int q = 0; q < nq && room; q++) {
            long mv = m[q][proj[q][c]];
            room = mv < hi[q][proj[q][c]];
            needing += mv < lo[q][proj[q][c]] ? 1 : 0;
          }
          boolean wanted = pass == 0 ? needing == nq : pass == 1 ? needing > 0 : true;
          if (room && wanted) {
            n[c]++;
            total++;
            for (int q = 0; q < nq; q++) {
              m[q][proj[q][c]]++;
            }
            progress = true;
          }
        }
      }
    }
    // Whatever is left goes where it breaks the fewest bounds; the repair below fixes the rest.
    while (total < size) {
      int best = -1;
      long bestCost = Long.MAX_VALUE;
      for (int c = 0; c < k; c++) {
        if (fitted[c] <= 0) {
          continue;
        }
        long cost = 0;
        for (int q = 0; q < nq; q++) {
          int v = proj[q][c];
          cost += m[q][v] >= hi[q][v] ? 1 : m[q][v] < lo[q][v] ? -1 : 0;
        }
        if (cost < bestCost) {
          bestCost = cost;
          best = c;
        }
      }
      n[best]++;
      total++;
      for (int q = 0; q < nq; q++) {
        m[q][proj[q][best]]++;
      }
    }
    repair(fitted, n, m, lo, hi, proj);
    return n;
  }

  private static long violation(long[][] m, long[][] lo, long[][] hi) {
    long v = 0;
    for (int q = 0; q < m.length; q++) {
      for (int i = 0; i < m[q].length; i++) {
        v += Math.max(0, lo[q][i] - m[q][i]) + Math.max(0, m[q][i] - hi[q][i]);
      }
    }
    return v;
  }

  /** Change in violation when one unit moves from cell d to cell c. */
  private static long delta(int d, int c, long[][] m, long[][] lo, long[][] hi, int[][] proj) {
    long change = 0;
    for (int q = 0; q < m.length; q++) {
      int vd = proj[q][d];
      int vc = proj[q][c];
      if (vd == vc) {
        continue;
      }
      long md = m[q][vd];
      change += viol(md - 1, lo[q][vd], hi[q][vd]) - viol(md, lo[q][vd], hi[q][vd]);
      long mc = m[q][vc];
      change += viol(mc + 1, lo[q][vc], hi[q][vc]) - viol(mc, lo[q][vc], hi[q][vc]);
    }
    return change;
  }

  private static long viol(long x, long lo, long hi) {
    return Math.max(0, lo - x) + Math.max(0, x - hi);
  }

  private static void repair(
      double[] fitted, long[] n, long[][] m, long[][] lo, long[][] hi, int[][] proj) {
    int k = n.length;
    long v = violation(m, lo, hi);
    for (int move = 0; v > 0; move++) {
      if (move >= DEFAULT_MAX_MOVES) {
        throw fail();
      }
      long bestDelta = 0;
      int bestD = -1;
      int bestC = -1;
      // Candidate moves: out of cells on an over-full margin value, into cells on an under-full
      // one.
      for (int q = 0; q < m.length && bestDelta >= 0; q++) {
        for (int val = 0; val < m[q].length; val++) {
          boolean over = m[q][val] > hi[q][val];
          boolean under = m[q][val] < lo[q][val];
          if (!over && !under) {
            continue;
          }
          for (int a = 0; a < k; a++) {
            if (proj[q][a] != val) {
              continue;
            }
            if (over ? n[a] <= 0 : fitted[a] <= 0) {
              continue;
            }
            for (int b = 0; b < k; b++) {
              if (b == a || (over ? fitted[b] <= 0 : n[b] <= 0)) {
                continue;
              }
              int d = over ? a : b;
              int c = over ? b : a;
              long dl = delta(d, c, m, lo, hi, proj);
              if (dl < bestDelta) {
                bestDelta = dl;
                bestD = d;
                bestC = c;
              }
            }
          }
        }
      }
      if (bestD < 0) {
        throw fail();
      }
      n[bestD]--;
      n[bestC]++;
      for (int q = 0; q < m.length; q++) {
        m[q][proj[q][bestD]]--;
        m[q][proj[q][bestC]]++;
      }
      v += bestDelta;
    }
  }

  private static ConfigException fail() {
    return ConfigException.of(
        "quotas",
        "the quotas cannot all be rounded to whole personas within 1 of share × count; try a"
            + " larger count or fewer overlapping quotas");
  }
}
