package io.personaforge.pipelines.dedup;

import io.personaforge.dedup.DuplicateMatch;
import io.personaforge.pipelines.Shards;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Resolves every block of sketches: sketches (flagged {@code true} when they belong to earlier
 * rounds) are sent to the shards of their block keys, each shard resolves the blocks whose key
 * falls in it, and the matches of current personas come out keyed by a shard of the persona's id.
 *
 * <p>Two steps keep the traffic proportional to the duplicates, not to the corpus. First only the
 * 64-bit block keys travel ({@code FindSharedBlockKeys}, combined per shard so each bundle sends
 * each key once) and the keys held by two or more sketches become a side input; then a sketch
 * travels only to the shards of its shared keys. Most keys are held by one persona, so most
 * sketches never travel: at a million personas that is ~33 million 8-byte keys instead of ~25
 * million kilobyte-sized sketch copies.
 *
 * <p>Block keys are grouped by shards of their hash rather than one Beam key each: Beam's Direct
 * runner starts one bundle per key after a GroupByKey, and each bundle costs milliseconds.
 */
public final class ResolveBlocks<S extends Serializable>
    extends PTransform<PCollection<KV<Boolean, S>>, PCollection<KV<Integer, DuplicateMatch>>> {
  private final Blocking<S> blocking;
  private final int shards;

  public ResolveBlocks(Blocking<S> blocking, int shards) {
    this.blocking = blocking;
    this.shards = shards;
  }

  @Override
  public PCollection<KV<Integer, DuplicateMatch>> expand(PCollection<KV<Boolean, S>> sketches) {
    PCollectionView<SharedKeys> shared =
        sketches
            .apply("KeyBlocksByShard", ParDo.of(new KeysFn<>(blocking, shards)))
            .setCoder(KvCoder.of(VarIntCoder.of(), VarLongCoder.of()))
            .apply("FindSharedKeysPerShard", Combine.perKey(new SharedKeysFn()))
            .setCoder(KvCoder.of(VarIntCoder.of(), SharedKeysCoder.INSTANCE))
            .apply("SharedKeysOfShards", Values.create())
            .apply("CombineSharedKeys", Combine.globally(new UnionFn()))
            .setCoder(SharedKeysCoder.INSTANCE)
            .apply("AsSharedKeySet", View.asSingleton());
    return sketches
        .apply(
            "SendToBlockShards",
            ParDo.of(new FanOutFn<>(blocking, shards, shared)).withSideInputs(shared))
        .setCoder(
            KvCoder.of(VarIntCoder.of(), KvCoder.of(BooleanCoder.of(), blocking.sketchCoder())))
        .apply("GroupBlockShards", GroupByKey.create())
        .apply(
            "ResolveEachBlock",
            ParDo.of(new ResolveFn<>(blocking, shards, shared)).withSideInputs(shared))
        .setCoder(KvCoder.of(VarIntCoder.of(), SerializableCoder.of(DuplicateMatch.class)));
  }

  /**
   * The keys of the blocks that need resolving: held by two or more sketches, at least one of them
   * a current persona's (a block of earlier rounds' personas alone was settled in their round).
   * Keys are stored without their lowest bit, which {@link KeysFn} uses to flag current sketches.
   * Immutable once built.
   */
  public static final class SharedKeys implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] sorted;

    SharedKeys(long[] sorted) {
      this.sorted = sorted;
    }

    boolean contains(long blockKey) {
      return Arrays.binarySearch(sorted, blockKey >>> 1) >= 0;
    }

    int size() {
      return sorted.length;
    }
  }

  /**
   * The shared keys as their count and sorted longs: deterministic, so Beam compares two values by
   * their bytes (Java serialisation of an object without equals made the Direct runner's mutation
   * checks spin for minutes on a round's keys).
   */
  static final class SharedKeysCoder extends AtomicCoder<SharedKeys> {
    static final SharedKeysCoder INSTANCE = new SharedKeysCoder();

    @Override
    public void encode(SharedKeys keys, OutputStream outStream) throws IOException {
      DataOutputStream out = new DataOutputStream(outStream);
      out.writeInt(keys.sorted.length);
      for (long k : keys.sorted) {
        out.writeLong(k);
      }
      out.flush();
    }

    @Override
    public SharedKeys decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      long[] sorted = new long[in.readInt()];
      for (int i = 0; i < sorted.length; i++) {
        sorted[i] = in.readLong();
      }
      return new SharedKeys(sorted);
    }

    @Override
    public void verifyDeterministic() {}
  }

  /** A block key and whether a current persona holds it, in one long (see {@link SharedKeys}). */
  static long entry(long blockKey, boolean current) {
    return (blockKey & ~1L) | (current ? 1L : 0L);
  }

  /** Every block key of a sketch, flagged current or earlier, keyed by its shard. */
  static final class KeysFn<S extends Serializable>
      extends DoFn<KV<Boolean, S>, KV<Integer, Long>> {
    private final Blocking<S> blocking;
    private final int shards;

    KeysFn(Blocking<S> blocking, int shards) {
      this.blocking = blocking;
      this.shards = shards;
    }

    @ProcessElement
    public void process(@Element KV<Boolean, S> sketch, OutputReceiver<KV<Integer, Long>> out) {
      boolean current = !sketch.getKey();
      for (long key : blocking.blockKeys(sketch.getValue())) {
        out.output(KV.of(Shards.of(key, shards), entry(key, current)));
      }
    }
  }

  /**
   * Per key (its 63 high bits): seen once or more than once, and whether a current sketch holds it,
   * as sorted arrays of {@code key63 << 1 | current}. Merging is order-independent, so any bundling
   * gives the same set.
   */
  static final class KeyCounts implements Serializable {
    private static final long serialVersionUID = 1L;

    long[] pending = new long[256];
    int size;
    long[] once = new long[0];
    long[] many = new long[0];

    void add(long entry) {
      if (size == pending.length) {
        // Compacting re-sorts everything kept so far: only when the pending entries are at least
        // as many, so that the work stays proportional to the entries (amortised doubling).
        if (size >= Math.max(1 << 16, once.length + many.length)) {
          compact();
        } else {
          pending = Arrays.copyOf(pending, size * 2);
        }
      }
      pending[size++] = entry;
    }

    private void append(long[] entries, int count) {
      if (size + count > pending.length) {
        pending = Arrays.copyOf(pending, Math.max(size + count, pending.length * 2));
      }
      System.arraycopy(entries, 0, pending, size, count);
      size += count;
    }

    /** Folds the pending entries into {@code once} and {@code many}. */
    void compact() {
      // An entry of "many" goes in twice, so that counting occurrences counts it as repeated.
      long[] all = new long[size + once.length + 2 * many.length];
      System.arraycopy(pending, 0, all, 0, size);
      System.arraycopy(once, 0, all, size, once.length);
      System.arraycopy(many, 0, all, size + once.length, many.length);
      System.arraycopy(many, 0, all, size + once.length + many.length, many.length);
      // Entries of one key differ at most in the flag bit, so sorting puts them side by side.
      Arrays.sort(all);
      long[] newOnce = new long[all.length];
      long[] newMany = new long[all.length];
      int o = 0;
      int m = 0;
      for (int i = 0; i < all.length; ) {
        long key = all[i] >>> 1;
        long current = 0;
        int j = i;
        while (j < all.length && all[j] >>> 1 == key) {
          current |= all[j] & 1L;
          j++;
        }
        if (j - i == 1) {
          newOnce[o++] = all[i];
        } else {
          newMany[m++] = key << 1 | current;
        }
        i = j;
      }
      once = Arrays.copyOf(newOnce, o);
      many = Arrays.copyOf(newMany, m);
      pending = new long[256];
      size = 0;
    }

    /** Takes in another's entries; they are folded in by the next {@link #compact()}. */
    void merge(KeyCounts other) {
      append(other.pending, other.size);
      append(other.once, other.once.length);
      // Twice: a key the other side already saw repeated stays repeated.
      append(other.many, other.many.length);
      append(other.many, other.many.length);
    }

    /** The 63-bit keys seen more than once with a current holder, sorted. */
    long[] shared() {
      compact();
      return Arrays.stream(many).filter(e -> (e & 1L) == 1L).map(e -> e >>> 1).sorted().toArray();
    }
  }

  /** Per shard of block keys: the keys of the blocks that need resolving. */
  static final class SharedKeysFn extends Combine.CombineFn<Long, KeyCounts, SharedKeys> {
    @Override
    public KeyCounts createAccumulator() {
      return new KeyCounts();
    }

    @Override
    public KeyCounts addInput(KeyCounts acc, Long entry) {
      acc.add(entry);
      return acc;
    }

    @Override
    public KeyCounts mergeAccumulators(Iterable<KeyCounts> accs) {
      KeyCounts merged = new KeyCounts();
      for (KeyCounts a : accs) {
        merged.merge(a);
      }
      return merged;
    }

    @Override
    public KeyCounts compact(KeyCounts acc) {
      acc.compact();
      return acc;
    }

    @Override
    public SharedKeys extractOutput(KeyCounts acc) {
      return new SharedKeys(acc.shared());
    }
  }

  /** The union of the shards' shared keys. */
  static final class UnionFn extends Combine.BinaryCombineFn<SharedKeys> {
    @Override
    public SharedKeys apply(SharedKeys left, SharedKeys right) {
      long[] all = new long[left.sorted.length + right.sorted.length];
      System.arraycopy(left.sorted, 0, all, 0, left.sorted.length);
      System.arraycopy(right.sorted, 0, all, left.sorted.length, right.sorted.length);
      Arrays.sort(all);
      return new SharedKeys(all);
    }

    @Override
    public SharedKeys identity() {
      return new SharedKeys(new long[0]);
    }
  }

  /** Sends a sketch once to each shard holding one of its shared keys. */
  static final class FanOutFn<S extends Serializable>
      extends DoFn<KV<Boolean, S>, KV<Integer, KV<Boolean, S>>> {
    private final Blocking<S> blocking;
    private final int shards;
    private final PCollectionView<SharedKeys> shared;

    FanOutFn(Blocking<S> blocking, int shards, PCollectionView<SharedKeys> shared) {
      this.blocking = blocking;
      this.shards = shards;
      this.shared = shared;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      SharedKeys keys = c.sideInput(shared);
      if (keys.size() == 0) {
        return;
      }
      BitSet sent = null;
      for (long key : blocking.blockKeys(c.element().getValue())) {
        if (!keys.contains(key)) {
          continue;
        }
        int shard = Shards.of(key, shards);
        if (sent == null) {
          sent = new BitSet(shards);
        }
        if (!sent.get(shard)) {
          sent.set(shard);
          c.output(KV.of(shard, c.element()));
        }
      }
    }
  }

  static final class ResolveFn<S extends Serializable>
      extends DoFn<KV<Integer, Iterable<KV<Boolean, S>>>, KV<Integer, DuplicateMatch>> {
    private final Blocking<S> blocking;
    private final int shards;
    private final PCollectionView<SharedKeys> shared;

    ResolveFn(Blocking<S> blocking, int shards, PCollectionView<SharedKeys> shared) {
      this.blocking = blocking;
      this.shards = shards;
      this.shared = shared;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      SharedKeys keys = c.sideInput(shared);
      int shard = c.element().getKey();
      Map<Long, List<S>> blocks = new HashMap<>();
      Set<String> earlierIds = new HashSet<>();
      for (KV<Boolean, S> e : c.element().getValue()) {
        S s = e.getValue();
        if (e.getKey()) {
          earlierIds.add(blocking.ref(s).id());
        }
        for (long key : blocking.blockKeys(s)) {
          if (Shards.of(key, shards) == shard && keys.contains(key)) {
            blocks.computeIfAbsent(key, k -> new ArrayList<>(2)).add(s);
          }
        }
      }
      for (List<S> block : blocks.values()) {
        if (block.size() < 2) {
          continue;
        }
        for (DuplicateMatch m : blocking.resolveBlock(block)) {
          // Earlier rounds' personas were settled in their own round; only current ones can go.
          if (!earlierIds.contains(m.doc().id())) {
            c.output(KV.of(Shards.of(m.doc().id(), shards), m));
          }
        }
      }
    }
  }
}
