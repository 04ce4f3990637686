package io.personaforge.pipelines.dedup;

import io.personaforge.dedup.DuplicateMatch;
import io.personaforge.pipelines.Shards;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Resolves every block of sketches: sketches (flagged {@code true} when they belong to earlier
 * rounds) are sent to the shards of their block keys, each shard resolves the blocks whose key
 * falls in it, and the matches of current personas come out keyed by a shard of the persona's id.
 *
 * <p>Block keys are grouped by shards of their hash rather than one Beam key each: Beam's Direct
 * runner starts one bundle per key after a GroupByKey, and each bundle costs milliseconds, while a
 * million personas have tens of millions of block keys. A sketch travels once per shard it has a
 * key in, not once per key.
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
    return sketches
        .apply("SendToBlockShards", ParDo.of(new FanOutFn<>(blocking, shards)))
        .setCoder(
            KvCoder.of(
                VarIntCoder.of(),
                KvCoder.of(BooleanCoder.of(), SerializableCoder.of(blocking.sketchClass()))))
        .apply("GroupBlockShards", GroupByKey.create())
        .apply("ResolveEachBlock", ParDo.of(new ResolveFn<>(blocking, shards)))
        .setCoder(KvCoder.of(VarIntCoder.of(), SerializableCoder.of(DuplicateMatch.class)));
  }

  static final class FanOutFn<S extends Serializable>
      extends DoFn<KV<Boolean, S>, KV<Integer, KV<Boolean, S>>> {
    private final Blocking<S> blocking;
    private final int shards;

    FanOutFn(Blocking<S> blocking, int shards) {
      this.blocking = blocking;
      this.shards = shards;
    }

    @ProcessElement
    public void process(
        @Element KV<Boolean, S> sketch, OutputReceiver<KV<Integer, KV<Boolean, S>>> out) {
      BitSet sent = new BitSet(shards);
      for (String key : blocking.blockKeys(sketch.getValue())) {
        int shard = Shards.of(key, shards);
        if (!sent.get(shard)) {
          sent.set(shard);
          out.output(KV.of(shard, sketch));
        }
      }
    }
  }

  static final class ResolveFn<S extends Serializable>
      extends DoFn<KV<Integer, Iterable<KV<Boolean, S>>>, KV<Integer, DuplicateMatch>> {
    private final Blocking<S> blocking;
    private final int shards;

    ResolveFn(Blocking<S> blocking, int shards) {
      this.blocking = blocking;
      this.shards = shards;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<KV<Boolean, S>>> shard,
        OutputReceiver<KV<Integer, DuplicateMatch>> out) {
      Map<String, List<S>> blocks = new HashMap<>();
      Set<String> earlierIds = new HashSet<>();
      for (KV<Boolean, S> e : shard.getValue()) {
        S s = e.getValue();
        if (e.getKey()) {
          earlierIds.add(blocking.ref(s).id());
        }
        for (String key : blocking.blockKeys(s)) {
          if (Shards.of(key, shards) == shard.getKey()) {
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
            out.output(KV.of(Shards.of(m.doc().id(), shards), m));
          }
        }
      }
    }
  }
}
