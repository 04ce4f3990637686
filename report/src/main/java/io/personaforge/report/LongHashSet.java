package io.personaforge.report;

/**
 * A set of 64-bit hashes in one primitive array (open addressing, linear probing): 8 bytes a slot
 * and at most 2 slots per element, where a {@code HashSet<Long>} costs ~60 bytes an element. Keys
 * are expected to be well-mixed hashes already.
 */
final class LongHashSet {
  private static final int DEFAULT_CAPACITY = 1 << 10;

  private long[] slots = new long[DEFAULT_CAPACITY];
  private int size;
  // 0 marks an empty slot, so the key 0 is kept aside.
  private boolean hasZero;

  /** Adds {@code key}; returns whether it was new. */
  boolean add(long key) {
    if (key == 0) {
      boolean added = !hasZero;
      hasZero = true;
      return added;
    }
    if (2 * (size + 1) > slots.length) {
      grow();
    }
    if (insert(slots, key)) {
      size++;
      return true;
    }
    return false;
  }

  /** Adds every key of {@code other}. */
  void addAll(LongHashSet other) {
    if (other.hasZero) {
      add(0);
    }
    for (long k : other.slots) {
      if (k != 0) {
        add(k);
      }
    }
  }

  /** Distinct keys added. */
  long size() {
    return size + (hasZero ? 1 : 0);
  }

  private static boolean insert(long[] table, long key) {
    int mask = table.length - 1;
    int i = (int) (key ^ (key >>> 32)) & mask;
    while (table[i] != 0) {
      if (table[i] == key) {
        return false;
      }
      i = (i + 1) & mask;
    }
    table[i] = key;
    return true;
  }

  private void grow() {
    long[] bigger = new long[slots.length * 2];
    for (long k : slots) {
      if (k != 0) {
        insert(bigger, k);
      }
    }
    slots = bigger;
  }
}
