package io.personaforge.pipelines;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Per quota cell, the highest ordinal that still fits the cell's target, as a side input: {@link
 * SettlePersonas} keeps the personas at or below it and marks the rest surplus. Only (cell,
 * ordinal) pairs are grouped, so a cell of a million personas costs a few megabytes. A cell with no
 * entry in the map has no room.
 */
public final class FindQuotaCutoffs
    extends PTransform<PCollection<PersonaKey>, PCollectionView<Map<String, Long>>> {
  private final Map<String, Long> targets;

  /**
   * @param targets cell key to the number of personas the cell still needs
   */
  public FindQuotaCutoffs(Map<String, Long> targets) {
    this.targets = new HashMap<>(targets);
  }

  @Override
  public PCollectionView<Map<String, Long>> expand(PCollection<PersonaKey> input) {
    return input
        .apply(
            "CellOrdinals",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                .via((PersonaKey p) -> KV.of(p.cell(), p.ordinal())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
        .apply("GroupByCell", GroupByKey.create())
        .apply("FindCutoffs", ParDo.of(new CutoffFn(targets)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
        .apply("AsMap", View.asMap());
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
}
