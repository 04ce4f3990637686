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
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
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
public final class RemoveDuplicates extends PTransform<PCollection<PersonaRecord>, PCollectionTuple> {
  /** Personas per shard: small enough to hold in memory, large enough to amortise a bundle. */
  static final long DEFAULT_PERSONAS_PER_SHARD = 5_000;

  static final int MIN_SHARDS = 2;
  static final int MAX_SHARDS = 4_096;

  private final int shards;

  /** @param expected how many personas to expect (sizes the shards) */
  public RemoveDuplicates(long expected) {
    this.shards = (int) Math.max(MIN_SHARDS, Math.min(MAX_SHARDS, expected / DEFAULT_PERSONAS_PER_SHARD + 1));
  }

  @Override
  public PCollectionTuple expand(PCollection<PersonaRecord> input) {
    int n = shards;
    PCollectionTuple out =
        input
            .apply(
                "KeyByFingerprintShard",
                WithKeys.of((PersonaRecord p) -> shardOf(Fingerprint.exact(p.narrative()), n))
                    .withKeyType(TypeDescriptors.integers()))
            .setCoder(KvCoder.of(VarIntCoder.of(), PersonaRecordCoder.of()))
            .apply("GroupShards", GroupByKey.create())
            .apply(
                "KeepFirst",
                ParDo.of(new KeepFirstFn())
                    .withOutputTags(Outcomes.ALIVE, TupleTagList.of(Outcomes.DUPLICATE)));
    out.get(Outcomes.ALIVE).setCoder(PersonaRecordCoder.of());
    out.get(Outcomes.DUPLICATE).setCoder(DuplicateRowCoder.of());
    return out;
  }

  static int shardOf(String hexFingerprint, int shards) {
    return (int) Long.remainderUnsigned(Long.parseUnsignedLong(hexFingerprint.substring(0, 15), 16), shards);
  }

  static final class KeepFirstFn extends DoFn<KV<Integer, Iterable<PersonaRecord>>, PersonaRecord> {
    private final Counter duplicates = Metrics.counter(Stats.NAMESPACE, Stats.DUPLICATES);

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<PersonaRecord>> shard, MultiOutputReceiver out) {
      Map<String, List<PersonaRecord>> byText = new LinkedHashMap<>();
      for (PersonaRecord p : shard.getValue()) {
        byText.computeIfAbsent(Fingerprint.exact(p.narrative()), k -> new ArrayList<>()).add(p);
      }
      for (List<PersonaRecord> group : byText.values()) {
        if (group.size() == 1) {
          out.get(Outcomes.ALIVE).output(group.get(0));
          continue;
        }
        Map<String, PersonaRecord> byId = new HashMap<>();
        List<DocRef> refs = new ArrayList<>();
        for (PersonaRecord p : group) {
          byId.put(p.id(), p);
          refs.add(new DocRef(p.id(), p.round(), p.ordinal()));
        }
        List<DuplicateMatch> matches = ExactDuplicates.resolve(refs);
        for (DuplicateMatch m : matches) {
          PersonaRecord p = byId.remove(m.doc().id());
          duplicates.inc();
          out.get(Outcomes.DUPLICATE)
              .output(
                  new DuplicateRow(
                      p.id(), m.duplicateOf().id(), m.similarity(), m.method(), p.round(), p.ordinal(), p.cell(), p.narrative()));
        }
        byId.values().forEach(out.get(Outcomes.ALIVE)::output);
      }
    }
  }
}
