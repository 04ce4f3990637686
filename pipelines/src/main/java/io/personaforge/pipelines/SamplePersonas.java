package io.personaforge.pipelines;

import io.personaforge.sampler.Cell;
import io.personaforge.sampler.PersonaSampler;
import io.personaforge.sampler.Seeds;
import io.personaforge.taxonomy.AttributeSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Draws the attribute sets of one round: {@code draw.count(c)} personas for each cell {@code c},
 * with ordinals {@code draw.firstOrdinal(), + 1, ...} laid out cell after cell. Each persona's draw
 * depends only on (run seed, round, ordinal), so the result is the same on every runner.
 */
public final class SamplePersonas extends PTransform<PBegin, PCollection<PersonaRecord>> {
  /** Work items per round: enough to spread over a few workers and to report progress. */
  static final int RANGES = 16;

  /** Fewest ordinals per work item: below this, per-bundle overhead shows. */
  static final long MIN_RANGE_SIZE = 1_000;

  /** Most ordinals per work item: bounds a bundle's memory (~3 KB per persona per stage). */
  static final long MAX_RANGE_SIZE = 50_000;

  /**
   * Ordinals per work item. Each range becomes one bundle downstream on the Direct runner, whose
   * GroupByKey copies a key's values once per bundle that adds to them, so few large bundles keep
   * the dedup shuffle linear (bench/README.md, where the time goes). A bundle is also one Parquet
   * file per table.
   */
  public static long rangeSize(long total) {
    return Math.max(MIN_RANGE_SIZE, Math.min(MAX_RANGE_SIZE, (total + RANGES - 1) / RANGES));
  }

  private final RunSpec spec;
  private final RoundDraw draw;

  public SamplePersonas(RunSpec spec, RoundDraw draw) {
    this.spec = spec;
    this.draw = draw;
  }

  @Override
  public PCollection<PersonaRecord> expand(PBegin input) {
    List<KV<Long, Long>> ranges = new ArrayList<>();
    long total = draw.total();
    long size = rangeSize(total);
    for (long start = 0; start < total; start += size) {
      ranges.add(KV.of(start, Math.min(size, total - start)));
    }
    return input
        .apply(
            "ListRanges",
            Create.of(ranges).withCoder(KvCoder.of(VarLongCoder.of(), VarLongCoder.of())))
        .apply("SpreadRanges", Reshuffle.viaRandomKey())
        .apply("DrawAttributes", ParDo.of(new SampleFn(spec, draw)))
        .setCoder(PersonaRecordCoder.of());
  }

  /**
   * The persona at {@code slot} of a round (slots run cell after cell, in plan order): its draw
   * depends only on the run seed, the round and its ordinal.
   */
  static PersonaRecord drawn(RunSpec spec, PersonaSampler sampler, RoundDraw draw, long slot) {
    Cell cell = spec.plan().cells().get(draw.cellOfSlot(slot));
    long ordinal = draw.firstOrdinal() + slot;
    int round = draw.round();
    AttributeSet attrs = sampler.sample(cell, spec.seed(), round, ordinal);
    return PersonaRecord.sampled(
        Seeds.personaId(spec.seed(), round, ordinal),
        spec.seed(),
        round,
        ordinal,
        cell.key(),
        attrs.values());
  }

  /**
   * The round's personas in slot order, each passed through {@code then}, drawn lazily outside any
   * pipeline: exactly those the pipeline draws (for a round's head start, {@link
   * GeneratePersonas#firstDrafts}).
   */
  static <T> Iterator<T> inSlotOrder(
      RunSpec spec, RoundDraw draw, Function<PersonaRecord, T> then) {
    PersonaSampler sampler = new PersonaSampler(spec.taxonomy(), spec.config().sampling());
    long total = draw.total();
    return new Iterator<>() {
      private long slot;

      @Override
      public boolean hasNext() {
        return slot < total;
      }

      @Override
      public T next() {
        if (slot >= total) {
          throw new NoSuchElementException();
        }
        return then.apply(drawn(spec, sampler, draw, slot++));
      }
    };
  }

  static final class SampleFn extends DoFn<KV<Long, Long>, PersonaRecord> {
    private final Shipped<RunSpec> shipped;
    private transient RunSpec spec;
    private final RoundDraw draw;
    private final Counter sampled = Metrics.counter(Stats.NAMESPACE, Stats.SAMPLED);
    private transient PersonaSampler sampler;

    SampleFn(RunSpec spec, RoundDraw draw) {
      this.shipped = Shipped.of(spec);
      this.draw = draw;
    }

    @Setup
    public void setup() {
      spec = shipped.get();
      sampler = new PersonaSampler(spec.taxonomy(), spec.config().sampling());
    }

    @ProcessElement
    public void process(@Element KV<Long, Long> range, OutputReceiver<PersonaRecord> out) {
      for (long slot = range.getKey(); slot < range.getKey() + range.getValue(); slot++) {
        out.output(drawn(spec, sampler, draw, slot));
        sampled.inc();
      }
    }
  }
}
