package io.personaforge.pipelines;

import io.personaforge.sampler.Cell;
import io.personaforge.sampler.QuotaPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps, in each quota cell, the personas with the lowest ordinals up to the cell's target; the
 * rest are surplus. Only (cell, ordinal) pairs are grouped — never whole personas — so a cell of a
 * million personas costs a few megabytes. Output {@link Outcomes#ALIVE}: accepted personas; {@link
 * Outcomes#SURPLUS}: valid personas a full cell had no room for.
 */
public final class FillQuotas extends PTransform<PCollection<PersonaRecord>, PCollectionTuple> {
  private final Map<String, Long> targets;

  /**
   * @param targets cell key to the number of personas the cell still needs
   */
  public FillQuotas(Map<String, Long> targets) {
    this.targets = new HashMap<>(targets);
  }

  /** Targets straight from a plan (the first round fills every cell from empty). */
  public static Map<String, Long> targetsOf(QuotaPlan plan) {
    Map<String, Long> t = new HashMap<>();
    for (Cell c : plan.cells()) {
      t.put(c.key(), c.target());
    }
    return t;
  }

  @Override
  public PCollectionTuple expand(PCollection<PersonaRecord> input) {
    PCollectionView<Map<String, Long>> cutoffs =
        input
            .apply(
                "CellOrdinals",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                    .via((PersonaRecord p) -> KV.of(p.cell(), p.ordinal())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
            .apply("GroupByCell", GroupByKey.create())
            .apply("FindCutoffs", ParDo.of(new CutoffFn(targets)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
            .apply("AsMap", View.asMap());
    PCollectionTuple out =
        input.apply(
            "KeepLowestOrdinals",
            ParDo.of(new KeepFn(cutoffs))
                .withSideInputs(cutoffs)
                .withOutputTags(Outcomes.ALIVE, TupleTagList.of(Outcomes.SURPLUS)));
    out.get(Outcomes.ALIVE).setCoder(PersonaRecordCoder.of());
    out.get(Outcomes.SURPLUS).setCoder(PersonaRecordCoder.of());
    return out;
  }

  /** Per cell, the highest ordinal that still fits (every ordinal fits when under target). */
  static final class CutoffFn extends DoFn<KV<String, Iterable<Long>>, KV<String, Long>> {
    private final Map<String, Long> targets;

    CutoffFn(Map<String, Long> targets) {
      this.targets = targets;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<Long>> cell, OutputReceiver<KV<String, Long>> out) {
      long target = targets.getOrDefault(cell.getKey(), 0L);
      List<Long> ordinals = new ArrayList<>();
      cell.getValue().forEach(ordinals::add);
      if (ordinals.size() <= target) {
        out.output(KV.of(cell.getKey(), Long.MAX_VALUE));
      } else if (target == 0) {
        out.output(KV.of(cell.getKey(), Long.MIN_VALUE));
      } else {
        ordinals.sort(null);
        out.output(KV.of(cell.getKey(), ordinals.get((int) target - 1)));
      }
    }
  }

  static final class KeepFn extends DoFn<PersonaRecord, PersonaRecord> {
    private final PCollectionView<Map<String, Long>> cutoffs;
    private final Counter accepted = Metrics.counter(Stats.NAMESPACE, Stats.ACCEPTED);
    private final Counter surplus = Metrics.counter(Stats.NAMESPACE, Stats.SURPLUS);

    KeepFn(PCollectionView<Map<String, Long>> cutoffs) {
      this.cutoffs = cutoffs;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      PersonaRecord p = c.element();
      long cutoff = c.sideInput(cutoffs).getOrDefault(p.cell(), Long.MIN_VALUE);
      if (p.ordinal() <= cutoff) {
        accepted.inc();
        Metrics.counter(Stats.NAMESPACE, Stats.acceptedIn(p.cell())).inc();
        c.output(p);
      } else {
        surplus.inc();
        c.output(Outcomes.SURPLUS, p);
      }
    }
  }
}
