package io.personaforge.pipelines;

import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.DuplicateMatch;
import io.personaforge.dedup.ExactDuplicates;
import io.personaforge.dedup.Fingerprint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Removes personas whose narrative duplicates an earlier persona's (earlier round, then lower
 * ordinal). Identical texts (after normalising) share a fingerprint; personas are grouped by a
 * shard of the fingerprint and each shard is resolved in memory, so the answer depends only on the
 * texts, never on bundling or arrival order. Output {@link Outcomes#ALIVE}: unique personas; {@link
 * Outcomes#DUPLICATE}: the removed ones with the id they duplicate.
 *
 * <p>Why shards rather than one key per fingerprint: Beam's Direct runner starts one bundle per key
 * after a GroupByKey, and each bundle costs milliseconds; a million keys would cost hours.
 */
public final class RemoveDuplicates
    extends PTransform<PCollection<PersonaRecord>, PCollectionTuple> {
  /** Personas per shard: small enough to hold in memory, large enough to amortise a bundle. */
  static final long DEFAULT_PERSONAS_PER_SHARD = 5_000;

  static final int MIN_SHARDS = 2;
  static final int MAX_SHARDS = 4_096;

  private final int shards;
  private final PCollection<PersonaRecord> earlier;

  /**
   * @param expected how many personas to expect (sizes the shards)
   * @param earlier personas accepted in earlier rounds: they are compared with, never output
   */
  public RemoveDuplicates(long expected, PCollection<PersonaRecord> earlier) {
    this.shards =
        (int) Math.max(MIN_SHARDS, Math.min(MAX_SHARDS, expected / DEFAULT_PERSONAS_PER_SHARD + 1));
    this.earlier = earlier;
  }

  @Override
  public PCollectionTuple expand(PCollection<PersonaRecord> input) {
    PCollection<KV<Integer, KV<Boolean, PersonaRecord>>> current = keyed(input, false, "Current");
    PCollectionList<KV<Integer, KV<Boolean, PersonaRecord>>> all = PCollectionList.of(current);
    if (earlier != null) {
      all = all.and(keyed(earlier, true, "Earlier"));
    }
    PCollectionTuple out =
        all.apply("CombineWithEarlier", Flatten.pCollections())
            .apply("GroupShards", GroupByKey.create())
            .apply(
                "KeepFirst",
                ParDo.of(new KeepFirstFn())
                    .withOutputTags(Outcomes.ALIVE, TupleTagList.of(Outcomes.DUPLICATE)));
    out.get(Outcomes.ALIVE).setCoder(PersonaRecordCoder.of());
    out.get(Outcomes.DUPLICATE).setCoder(DuplicateRowCoder.of());
    return out;
  }

  private PCollection<KV<Integer, KV<Boolean, PersonaRecord>>> keyed(
      PCollection<PersonaRecord> personas, boolean isEarlier, String name) {
    int n = shards;
    return personas
        .apply(
            "KeyByFingerprintShard" + name,
            MapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.integers(),
                        TypeDescriptors.kvs(
                            TypeDescriptors.booleans(), TypeDescriptor.of(PersonaRecord.class))))
                .via(
                    (PersonaRecord p) ->
                        KV.of(shardOf(Fingerprint.exact(p.narrative()), n), KV.of(isEarlier, p))))
        .setCoder(
            KvCoder.of(VarIntCoder.of(), KvCoder.of(BooleanCoder.of(), PersonaRecordCoder.of())));
  }

  static int shardOf(String hexFingerprint, int shards) {
    return (int)
        Long.remainderUnsigned(Long.parseUnsignedLong(hexFingerprint.substring(0, 15), 16), shards);
  }

  static final class KeepFirstFn
      extends DoFn<KV<Integer, Iterable<KV<Boolean, PersonaRecord>>>, PersonaRecord> {
    private final Counter duplicates = Metrics.counter(Stats.NAMESPACE, Stats.DUPLICATES);

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<KV<Boolean, PersonaRecord>>> shard, MultiOutputReceiver out) {
      Map<String, List<KV<Boolean, PersonaRecord>>> byText = new LinkedHashMap<>();
      for (KV<Boolean, PersonaRecord> p : shard.getValue()) {
        byText
            .computeIfAbsent(Fingerprint.exact(p.getValue().narrative()), k -> new ArrayList<>())
            .add(p);
      }
      for (List<KV<Boolean, PersonaRecord>> group : byText.values()) {
        Map<String, PersonaRecord> current = new HashMap<>();
        List<DocRef> refs = new ArrayList<>();
        for (KV<Boolean, PersonaRecord> e : group) {
          PersonaRecord p = e.getValue();
          if (!e.getKey()) {
            current.put(p.id(), p);
          }
          refs.add(new DocRef(p.id(), p.round(), p.ordinal()));
        }
        for (DuplicateMatch m : ExactDuplicates.resolve(refs)) {
          PersonaRecord p = current.remove(m.doc().id());
          if (p == null) {
            continue; // an earlier round's persona: already decided, never output again
          }
          duplicates.inc();
          out.get(Outcomes.DUPLICATE)
              .output(
                  new DuplicateRow(
                      p.id(),
                      m.duplicateOf().id(),
                      m.similarity(),
                      m.method(),
                      p.round(),
                      p.ordinal(),
                      p.cell(),
                      p.narrative()));
        }
        current.values().forEach(out.get(Outcomes.ALIVE)::output);
      }
    }
  }
}
