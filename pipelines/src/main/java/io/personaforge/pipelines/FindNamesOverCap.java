package io.personaforge.pipelines;

import io.personaforge.validator.NameCap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The run-wide first-name cap: no first name may be used by more than {@code cap} personas of the
 * corpus (counting earlier rounds). Keys sharing a first name are grouped (by shards of the name,
 * as in {@link FindDuplicates}), the earliest keep it, and the ids of the current personas past the
 * cap come back as a side input, for {@link SettlePersonas} to reject with a {@code first_name_cap}
 * violation (a later round refills them).
 */
public final class FindNamesOverCap
    extends PTransform<PCollection<PersonaKey>, PCollectionView<List<String>>> {
  static final int DEFAULT_SHARDS = 16;

  private final long cap;
  private final PCollection<PersonaSketch> earlier;

  /**
   * @param cap personas that may share one first name
   * @param earlier the sketches of the personas accepted in earlier rounds (they hold their names);
   *     may be null
   */
  public FindNamesOverCap(long cap, PCollection<PersonaSketch> earlier) {
    this.cap = cap;
    this.earlier = earlier;
  }

  @Override
  public PCollectionView<List<String>> expand(PCollection<PersonaKey> input) {
    KvCoder<Integer, KV<String, NameCap.Entry>> coder =
        KvCoder.of(
            VarIntCoder.of(),
            KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(NameCap.Entry.class)));
    PCollectionList<KV<Integer, KV<String, NameCap.Entry>>> names =
        PCollectionList.of(
            input.apply("NamesOfCurrent", ParDo.of(new NameFn(false))).setCoder(coder));
    if (earlier != null) {
      names =
          names.and(
              earlier
                  .apply(
                      "KeyEarlier",
                      MapElements.into(TypeDescriptor.of(PersonaKey.class)).via(PersonaSketch::key))
                  .setCoder(PersonaKeyCoder.of())
                  .apply("NamesOfEarlier", ParDo.of(new NameFn(true)))
                  .setCoder(coder));
    }
    return names
        .apply("CombineNames", Flatten.pCollections())
        .apply("GroupNameShards", GroupByKey.create())
        .apply("FindOverCap", ParDo.of(new OverCapFn(cap)))
        .setCoder(StringUtf8Coder.of())
        .apply("AsList", View.asList());
  }

  static String firstName(PersonaRecord p) {
    String name = p.fields().get("name");
    return name == null ? "" : NameCap.firstName(name);
  }

  /** Emits (shard, (first name, entry)); earlier rounds' personas are marked by a "+" id prefix. */
  static final class NameFn extends DoFn<PersonaKey, KV<Integer, KV<String, NameCap.Entry>>> {
    private final boolean earlier;

    NameFn(boolean earlier) {
      this.earlier = earlier;
    }

    @ProcessElement
    public void process(
        @Element PersonaKey p, OutputReceiver<KV<Integer, KV<String, NameCap.Entry>>> out) {
      String name = p.firstName();
      if (name.isEmpty()) {
        return;
      }
      String id = earlier ? "+" + p.id() : p.id();
      out.output(
          KV.of(
              Shards.of(name, DEFAULT_SHARDS),
              KV.of(name, new NameCap.Entry(id, p.round(), p.ordinal()))));
    }
  }

  static final class OverCapFn
      extends DoFn<KV<Integer, Iterable<KV<String, NameCap.Entry>>>, String> {
    private final long cap;

    OverCapFn(long cap) {
      this.cap = cap;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<KV<String, NameCap.Entry>>> shard,
        OutputReceiver<String> out) {
      Map<String, List<NameCap.Entry>> byName = new HashMap<>();
      for (KV<String, NameCap.Entry> e : shard.getValue()) {
        byName.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
      }
      for (List<NameCap.Entry> same : byName.values()) {
        if (same.size() > cap) {
          for (String id : NameCap.overCap(same, cap)) {
            if (!id.startsWith("+")) {
              out.output(id);
            }
          }
        }
      }
    }
  }
}
