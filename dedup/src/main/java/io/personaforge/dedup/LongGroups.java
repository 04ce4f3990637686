package io.personaforge.dedup;

import java.util.function.Consumer;

/**
 * Groups the positions {@code 0..n-1} by a {@code long} key with primitive arrays (~28 bytes per
 * position), the in-memory stand-in for a GroupByKey: a million documents per band stay well under
 * 100 MB, where boxed hash maps would need several hundred.
 */
final class LongGroups {
  private LongGroups() {}

  /**
   * Calls {@code group} with the positions of every key shared by two or more positions; positions
   * flagged in {@code skip} (may be null) belong to no group.
   */
  static void forEachGroup(long[] keys, boolean[] skip, int n, Consumer<int[]> group) {
    int cap = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
    long[] tableKey = new long[cap];
    int[] tableHead = new int[cap]; // position + 1; 0 means empty slot
    int[] tableCount = new int[cap];
    int[] next = new int[n];
    int mask = cap - 1;
    for (int i = 0; i < n; i++) {
      if (skip != null && skip[i]) {
        continue;
      }
      long k = keys[i];
      int slot = (int) (mix(k) & mask);
      while (tableHead[slot] != 0 && tableKey[slot] != k) {
        slot = (slot + 1) & mask;
      }
      if (tableHead[slot] == 0) {
        tableKey[slot] = k;
        next[i] = -1;
      } else {
        next[i] = tableHead[slot] - 1;
      }
      tableHead[slot] = i + 1;
      tableCount[slot]++;
    }
    for (int slot = 0; slot < cap; slot++) {
      if (tableCount[slot] >= 2) {
        int[] members = new int[tableCount[slot]];
        int m = 0;
        for (int i = tableHead[slot] - 1; i >= 0; i = next[i]) {
          members[m++] = i;
        }
        group.accept(members);
      }
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    return z ^ (z >>> 29);
  }
}
