package io.personaforge.pipelines;

import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.DuplicateMatch;
import io.personaforge.dedup.ExactDuplicates;
import io.personaforge.dedup.Fingerprint;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Removes personas whose narrative duplicates an earlier persona's (earlier round, then lower
 * ordinal), including personas accepted in earlier rounds. Only small keys travel: each persona's
 * fingerprint and place in the keep-first order are grouped by a shard of the fingerprint, each
 * shard is resolved in memory, and the (usually few) duplicates come back as a side input that
 * splits the personas. The answer depends only on the texts, never on bundling or arrival order.
 * Output {@link Outcomes#ALIVE}: unique personas; {@link Outcomes#DUPLICATE}: the removed ones.
 *
 * <p>Why shards rather than one key per fingerprint: Beam's Direct runner starts one bundle per key
 * after a GroupByKey, and each bundle costs milliseconds; a million keys would cost hours.
 */
public final class RemoveDuplicates
    extends PTransform<PCollection<PersonaRecord>, PCollectionTuple> {
  /** Personas per shard: small enough to hold in memory, large enough to amortise a bundle. */
  static final long DEFAULT_PERSONAS_PER_SHARD = 20_000;

  static final int MIN_SHARDS = 2;
  static final int MAX_SHARDS = 4_096;

  private final int shards;
  private final PCollection<PersonaRecord> earlier;

  /**
   * @param expected how many personas to expect (sizes the shards)
   * @param earlier personas accepted in earlier rounds: compared with, never output; may be null
   */
  public RemoveDuplicates(long expected, PCollection<PersonaRecord> earlier) {
    this.shards =
        (int) Math.max(MIN_SHARDS, Math.min(MAX_SHARDS, expected / DEFAULT_PERSONAS_PER_SHARD + 1));
    this.earlier = earlier;
  }

  @Override
  public PCollectionTuple expand(PCollection<PersonaRecord> input) {
    PCollectionList<KV<Integer, Ref>> refs =
        PCollectionList.of(
            input
                .apply("FingerprintCurrent", ParDo.of(new RefFn(shards, false)))
                .setCoder(REF_KV_CODER));
    if (earlier != null) {
      refs =
          refs.and(
              earlier
                  .apply("FingerprintEarlier", ParDo.of(new RefFn(shards, true)))
                  .setCoder(REF_KV_CODER));
    }
    PCollectionView<Map<String, KV<String, KV<Double, String>>>> duplicates =
        refs.apply("CombineWithEarlier", Flatten.pCollections())
            .apply("GroupShards", GroupByKey.create())
            .apply("FindDuplicates", ParDo.of(new FindFn()))
            .setCoder(
                KvCoder.of(
                    StringUtf8Coder.of(),
                    KvCoder.of(
                        StringUtf8Coder.of(), KvCoder.of(DoubleCoder.of(), StringUtf8Coder.of()))))
            .apply("AsMap", View.asMap());
    PCollectionTuple out =
        input.apply(
            "SplitDuplicates",
            ParDo.of(new SplitFn(duplicates))
                .withSideInputs(duplicates)
                .withOutputTags(Outcomes.ALIVE, TupleTagList.of(Outcomes.DUPLICATE)));
    out.get(Outcomes.ALIVE).setCoder(PersonaRecordCoder.of());
    out.get(Outcomes.DUPLICATE).setCoder(DuplicateRowCoder.of());
    return out;
  }

  static int shardOf(String hexFingerprint, int shards) {
    return (int)
        Long.remainderUnsigned(Long.parseUnsignedLong(hexFingerprint.substring(0, 15), 16), shards);
  }

  /** A persona's fingerprint and place in the keep-first order. */
  record Ref(String fingerprint, String id, int round, long ordinal, boolean earlier) {
    DocRef doc() {
      return new DocRef(id, round, ordinal);
    }
  }

  static final KvCoder<Integer, Ref> REF_KV_CODER = KvCoder.of(VarIntCoder.of(), new RefCoder());

  static final class RefFn extends DoFn<PersonaRecord, KV<Integer, Ref>> {
    private final int shards;
    private final boolean earlier;

    RefFn(int shards, boolean earlier) {
      this.shards = shards;
      this.earlier = earlier;
    }

    @ProcessElement
    public void process(@Element PersonaRecord p, OutputReceiver<KV<Integer, Ref>> out) {
      String fp = Fingerprint.exact(p.narrative());
      out.output(KV.of(shardOf(fp, shards), new Ref(fp, p.id(), p.round(), p.ordinal(), earlier)));
    }
  }

  /** Per shard: every current persona that repeats an earlier text, with the id it repeats. */
  static final class FindFn
      extends DoFn<KV<Integer, Iterable<Ref>>, KV<String, KV<String, KV<Double, String>>>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<Ref>> shard,
        OutputReceiver<KV<String, KV<String, KV<Double, String>>>> out) {
      Map<String, List<Ref>> byText = new LinkedHashMap<>();
      for (Ref r : shard.getValue()) {
        byText.computeIfAbsent(r.fingerprint(), k -> new ArrayList<>(1)).add(r);
      }
      for (List<Ref> group : byText.values()) {
        if (group.size() < 2) {
          continue;
        }
        Map<String, Ref> byId = new LinkedHashMap<>();
        List<DocRef> docs = new ArrayList<>();
        for (Ref r : group) {
          byId.put(r.id(), r);
          docs.add(r.doc());
        }
        for (DuplicateMatch m : ExactDuplicates.resolve(docs)) {
          if (!byId.get(m.doc().id()).earlier()) {
            out.output(
                KV.of(
                    m.doc().id(), KV.of(m.duplicateOf().id(), KV.of(m.similarity(), m.method()))));
          }
        }
      }
    }
  }

  static final class SplitFn extends DoFn<PersonaRecord, PersonaRecord> {
    private final PCollectionView<Map<String, KV<String, KV<Double, String>>>> duplicates;
    private final Counter counter = Metrics.counter(Stats.NAMESPACE, Stats.DUPLICATES);

    SplitFn(PCollectionView<Map<String, KV<String, KV<Double, String>>>> duplicates) {
      this.duplicates = duplicates;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      PersonaRecord p = c.element();
      KV<String, KV<Double, String>> match = c.sideInput(duplicates).get(p.id());
      if (match == null) {
        c.output(p);
        return;
      }
      counter.inc();
      c.output(
          Outcomes.DUPLICATE,
          new DuplicateRow(
              p.id(),
              match.getKey(),
              match.getValue().getKey(),
              match.getValue().getValue(),
              p.round(),
              p.ordinal(),
              p.cell(),
              p.narrative()));
    }
  }

  static final class RefCoder extends AtomicCoder<Ref> {
    @Override
    public void encode(Ref r, OutputStream outStream) throws IOException {
      DataOutputStream out = new DataOutputStream(outStream);
      PersonaRecordCoder.writeString(out, r.fingerprint());
      PersonaRecordCoder.writeString(out, r.id());
      out.writeInt(r.round());
      out.writeLong(r.ordinal());
      out.writeBoolean(r.earlier());
      out.flush();
    }

    @Override
    public Ref decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      return new Ref(
          PersonaRecordCoder.readString(in),
          PersonaRecordCoder.readString(in),
          in.readInt(),
          in.readLong(),
          in.readBoolean());
    }

    @Override
    public void verifyDeterministic() {}
  }
}
