package io.personaforge.app.bench;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.SemanticConfig;
import io.personaforge.dedup.bench.BenchTexts;
import io.personaforge.pipelines.Execution;
import io.personaforge.pipelines.PersonaRecord;
import io.personaforge.pipelines.PersonaRecordCoder;
import io.personaforge.pipelines.SamplePersonas;
import io.personaforge.pipelines.SettlePersonas;
import io.personaforge.pipelines.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;

/**
 * Lexical dedup through the pipeline: {@code SettlePersonas} with dedup only (exact + MinHash/LSH,
 * semantic off; no name cap; one cell with room for all) over the dedup benchmark's ~150-word
 * texts, 1% of them planted near-copies, on the Direct or the embedded Flink runner. Usage: {@code
 * bench/run dedup-pipeline [N] [direct|flink]} (default 1,000,000 direct). Reports docs/s (wall,
 * including the texts' generation, which is timed apart), duplicates found against planted, and
 * peak heap. Aim: ≥ 5,000 docs/s, heap < 4 GB.
 */
public final class DedupPipelineBench {
  static final double AIM_DOCS_PER_SECOND = 5_000;

  public static void main(String[] args) throws Exception {
    long n = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000;
    Execution.Runner runner =
        Execution.Runner.valueOf((args.length > 1 ? args[1] : "direct").toUpperCase(Locale.ROOT));
    // The texts alone, for the share of the time spent making them rather than deduplicating.
    BenchTexts texts = new BenchTexts();
    long g0 = System.nanoTime();
    long chars = 0;
    for (long i = 0; i < n; i++) {
      chars += texts.text(i).length();
    }
    double generateSeconds = (System.nanoTime() - g0) / 1e9;

    EndToEndBench.HeapWatcher heap = new EndToEndBench.HeapWatcher();
    heap.start();
    long t0 = System.nanoTime();
    Pipeline p = Pipeline.create(new Execution(runner, null, 0).options());
    List<KV<Long, Long>> ranges = new ArrayList<>();
    long size = SamplePersonas.rangeSize(n);
    for (long start = 0; start < n; start += size) {
      ranges.add(KV.of(start, Math.min(size, n - start)));
    }
    DedupConfig config =
        new DedupConfig(true, null, SemanticConfig.defaults().withEnabled(false), null);
    p.apply(Create.of(ranges).withCoder(KvCoder.of(VarLongCoder.of(), VarLongCoder.of())))
        .apply(Reshuffle.viaRandomKey())
        .apply(ParDo.of(new TextsFn()))
        .setCoder(PersonaRecordCoder.of())
        .apply(
            new SettlePersonas(
                config, n, 0, OptionalLong.empty(), Map.of("all", n), null, null, List.of()));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    double seconds = (System.nanoTime() - t0) / 1e9;
    heap.stopWatching();
    long duplicates = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(Stats.NAMESPACE, Stats.DUPLICATES))
                    .build())
            .getCounters()) {
      duplicates += c.getAttempted();
    }
    double rate = n / seconds;
    System.out.printf(
        Locale.ROOT,
        "dedup-pipeline %s: %,d docs (%.0f chars avg) in %.1f s = %,.0f docs/s; making the texts"
            + " alone takes %.1f s of that on one core; duplicates %,d (planted %,d); peak heap %.0f"
            + " MB%n",
        runner.name().toLowerCase(Locale.ROOT),
        n,
        chars / (double) n,
        seconds,
        rate,
        generateSeconds,
        duplicates,
        n / 100,
        heap.peakMb());
    System.out.printf(
        Locale.ROOT,
        "ratio to aim (%.0f docs/s, heap < 4 GB): %.2f%n",
        AIM_DOCS_PER_SECOND,
        Math.min(rate / AIM_DOCS_PER_SECOND, 4000 / Math.max(1, heap.peakMb())));
  }

  /** The texts of one range of ordinals, as personas with only a narrative. */
  static final class TextsFn extends DoFn<KV<Long, Long>, PersonaRecord> {
    private transient BenchTexts texts;

    @Setup
    public void setup() {
      texts = new BenchTexts();
    }

    @ProcessElement
    public void process(@Element KV<Long, Long> range, OutputReceiver<PersonaRecord> out) {
      for (long i = range.getKey(); i < range.getKey() + range.getValue(); i++) {
        String text = texts.text(i);
        out.output(
            PersonaRecord.sampled("d" + i, 1, 0, i, "all", Map.of())
                .withDraft(text, Map.of(), text, 0));
      }
    }
  }
}
