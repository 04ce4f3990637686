package io.personaforge.app;

import io.personaforge.app.RunConfigLoader.LoadedRun;
import io.personaforge.generator.GenerationEngine;
import io.personaforge.generator.GenerationException;
import io.personaforge.generator.WriterInfo;
import io.personaforge.generator.engine.Activity;
import io.personaforge.pipelines.Execution;
import io.personaforge.pipelines.GeneratePersonas;
import io.personaforge.pipelines.Rounds;
import io.personaforge.pipelines.RunFailedException;
import io.personaforge.pipelines.RunSpec;
import io.personaforge.pipelines.Settled;
import io.personaforge.pipelines.Stats;
import io.personaforge.pipelines.Version;
import io.personaforge.pipelines.WriteCorpus;
import io.personaforge.report.CorpusMetrics;
import io.personaforge.report.JsonNumbers;
import io.personaforge.report.QuotaFit;
import io.personaforge.report.ReportPage;
import io.personaforge.report.Summary;
import io.personaforge.sampler.Cell;
import io.personaforge.sampler.QuotaPlan;
import io.personaforge.schemas.ParquetFiles;
import io.personaforge.schemas.Schemas;
import io.personaforge.validator.ValidationStats;
import io.personaforge.validator.Validator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.joda.time.Duration;

/**
 * Runs a checked configuration end to end: claims the output directory, runs the Beam pipeline,
 * moves the tables into place and writes {@code run.yaml} and {@code summary.json}.
 */
public final class PersonaRun {
  private PersonaRun() {}

  /** Whether this process is stopping because the user interrupted a run (Ctrl-C). */
  public static boolean interrupted() {
    return Interruption.interrupted();
  }

  /**
   * @param loaded the checked configuration
   * @param out the output directory
   * @param execution where and how wide the pipeline runs
   * @param overwrite whether an output directory holding other files may be emptied
   * @param fresh ignore LLM responses journaled by an earlier (interrupted) run
   * @param listener lines for people, and where each round stands about once a second
   */
  public static Summary execute(
      LoadedRun loaded,
      Path out,
      Execution execution,
      boolean overwrite,
      boolean fresh,
      RunListener listener)
      throws IOException {
    Consumer<String> log = listener::line;
    long start = System.nanoTime();
    // One probe call before anything is written: an unreachable URL, a wrong key or an unknown
    // model stops the run in seconds, naming the URL and model (never the key), and leaves OUT as
    // it was, so the corrected command can use it.
    try {
      GenerationEngine.probe(loaded.config().generator(), loaded.taxonomy());
    } catch (GenerationException e) {
      throw new RunFailedException(e.getMessage(), e);
    }
    if (loaded.config().dedup().enabled() && loaded.config().dedup().semantic().on()) {
      // A remote embedding endpoint is checked the same way (the local model needs no check).
      io.personaforge.dedup.semantic.Embedders.probe(loaded.config().dedup().semantic());
    }
    RunDirectory dir = RunDirectory.claim(out, loaded.configHash(), overwrite);
    if (dir.resumed()) {
      log.accept("Resuming the unfinished run in " + out);
    }
    // The run's engine stays open from the first round to the last: every writer in this JVM
    // shares it (one budget of calls in flight, one journal read once), and it records how busy
    // the endpoint was kept.
    try (GenerationEngine engine =
            GenerationEngine.open(
                loaded.config().generator(), loaded.taxonomy(), dir.cache(), fresh);
        Interruption interruption = Interruption.watch(out)) {
      return execute(loaded, out, execution, fresh, listener, start, dir, engine);
    }
  }

  private static Summary execute(
      LoadedRun loaded,
      Path out,
      Execution execution,
      boolean fresh,
      RunListener listener,
      long start,
      RunDirectory dir,
      GenerationEngine engine)
      throws IOException {
    Consumer<String> log = listener::line;
    Execution.Runner runner = execution.runner();
    WriterInfo writer = engine.info();
    double prepareSeconds = seconds(start);
    RunSpec spec =
        new RunSpec(
            loaded.config(),
            loaded.taxonomy(),
            loaded.plan(),
            loaded.configHash(),
            writer,
            dir.cache().toString(),
            fresh);
    QuotaPlan plan = loaded.plan();
    log.accept(
        "Generating "
            + plan.size()
            + " personas ("
            + plan.cells().size()
            + " quota cell"
            + (plan.cells().size() == 1 ? "" : "s")
            + ", writer "
            + writer.provider()
            + "/"
            + writer.model()
            + ", runner "
            + runner.name().toLowerCase()
            + ")");
    Map<String, Long> accepted = new HashMap<>();
    Map<String, Long> lastDrawn = new HashMap<>();
    Map<String, Long> lastAccepted = new HashMap<>();
    Map<String, Long> totals = new HashMap<>();
    List<Summary.RoundRow> rounds = new ArrayList<>();
    long nextOrdinal = 0;
    int maxRounds = loaded.config().maxRounds();
    for (int round = 0; round < maxRounds; round++) {
      Map<String, Long> deficits = Rounds.deficits(plan, accepted);
      if (deficits.values().stream().allMatch(d -> d == 0)) {
        break;
      }
      long[] counts = Rounds.draws(plan.cells(), deficits, lastDrawn, lastAccepted);
      long drawn = java.util.Arrays.stream(counts).sum();
      Path roundDir = dir.staging().resolve("round-" + round);
      String earlier =
          round == 0
              ? null
              : dir.staging()
                  .resolve("round-*")
                  .resolve("personas")
                  .resolve("*.parquet")
                  .toString();
      Pipeline p = Pipeline.create(execution.options());
      p.apply(
              "GeneratePersonas",
              new GeneratePersonas(spec, round, nextOrdinal, counts, deficits, earlier))
          .apply(
              "WriteCorpus",
              new WriteCorpus(
                  roundDir.toString(), loaded.config().output().compression(), spec.rows()));
      long roundStart = System.nanoTime();
      PipelineResult result = p.run();
      awaitRound(
          result,
          new Progress(
              round,
              drawn,
              0,
              accepted.values().stream().mapToLong(Long::longValue).sum(),
              plan.size(),
              totals.getOrDefault(Stats.RETRIES, 0L),
              0),
          roundStart,
          listener);
      counters(result).forEach((k, v) -> totals.merge(k, v, Long::sum));
      // Decisions and figures come from what the round wrote (counted once per persona whatever
      // the runner re-ran), not from counters, which a re-run bundle may count twice.
      WriteCorpus.Counts settled = WriteCorpus.commit(roundDir);
      if (settled.settled() != drawn) {
        throw new RunFailedException(
            "round "
                + round
                + " settled "
                + settled.settled()
                + " of the "
                + drawn
                + " personas it drew; its tables in "
                + roundDir
                + " are incomplete",
            null);
      }
      for (int c = 0; c < counts.length; c++) {
        String key = plan.cells().get(c).key();
        if (counts[c] > 0) {
          long got = settled.acceptedIn(key);
          lastDrawn.put(key, counts[c]);
          lastAccepted.put(key, got);
          accepted.merge(key, got, Long::sum);
        }
      }
      rounds.add(
          new Summary.RoundRow(
              round,
              settled.settled(),
              settled.of(Settled.Kind.REJECTED),
              settled.of(Settled.Kind.DUPLICATE),
              settled.of(Settled.Kind.ACCEPTED),
              settled.of(Settled.Kind.SURPLUS),
              seconds(roundStart)));
      nextOrdinal += drawn;
      log.accept(
          String.format(
              "Round %d: %d drawn, %d accepted, %d rejected, %d duplicates; %d of %d accepted so far",
              round,
              drawn,
              settled.of(Settled.Kind.ACCEPTED),
              settled.of(Settled.Kind.REJECTED),
              settled.of(Settled.Kind.DUPLICATE),
              accepted.values().stream().mapToLong(Long::longValue).sum(),
              plan.size()));
    }
    Map<String, Long> metrics = totals;
    ValidationStats validation =
        new ValidationStats(
                Validator.of(loaded.config().validation(), loaded.taxonomy()).ruleNames())
            .addCounts(withPrefix(metrics, Stats.VALIDATION));

    String codec = loaded.config().output().compression();
    long tablesStart = System.nanoTime();
    dir.gatherRounds();
    ParquetFiles.ensureNotEmpty(dir.staging().resolve("personas"), Schemas.persona(), codec);
    ParquetFiles.ensureNotEmpty(dir.staging().resolve("rejects"), Schemas.reject(), codec);
    ParquetFiles.ensureNotEmpty(dir.staging().resolve("duplicates"), Schemas.duplicate(), codec);
    dir.finish(loaded.configHash());
    double tablesSeconds = seconds(tablesStart);

    long metricsStart = System.nanoTime();
    CorpusMetrics.Result corpus =
        CorpusMetrics.compute(
            out,
            CorpusMetrics.Settings.forRun(
                loaded.taxonomy(), plan.quotas(), loaded.config().dedup()));
    double metricsSeconds = seconds(metricsStart);
    Summary summary =
        new Summary(
            Version.current(),
            runner.name().toLowerCase(),
            (System.nanoTime() - start) / 1e9,
            loaded.config().seed(),
            loaded.taxonomy().name(),
            loaded.configHash(),
            new Summary.Counts(
                plan.size(),
                rounds.stream().mapToLong(Summary.RoundRow::generated).sum(),
                ParquetFiles.rowCount(out.resolve("personas")),
                ParquetFiles.rowCount(out.resolve("rejects")),
                ParquetFiles.rowCount(out.resolve("duplicates")),
                rounds.stream().mapToLong(Summary.RoundRow::surplus).sum()),
            quotaRows(plan, accepted),
            rounds,
            coverage(loaded.taxonomy(), metrics),
            validation.toJson(),
            llm(metrics, engine.activity(), loaded.config().generator().concurrency(), rounds),
            Map.of(
                "provider", writer.provider(),
                "model", writer.model(),
                "prompt_version", writer.promptVersion()),
            QuotaFit.of(plan, accepted),
            corpus,
            new Summary.Timings(
                loaded.planSeconds(), prepareSeconds, tablesSeconds, metricsSeconds, 0));
    dir.writeFile("run.yaml", loaded.resolvedYaml());
    long reportStart = System.nanoTime();
    dir.writeFile("report.html", ReportPage.render(summary.toJson(), corpus.shown()));
    summary = summary.withReportTime(seconds(reportStart), seconds(start));
    dir.writeFile("summary.json", summary.toJson());
    return summary;
  }

  /** Interval between two progress reports while a round runs. */
  static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.millis(1000);

  /**
   * Waits for a round's pipeline, reporting progress from its counters, polled while it runs, every
   * {@link #DEFAULT_PROGRESS_INTERVAL} (on Flink, {@code run()} returns when the job is done).
   */
  private static void awaitRound(
      PipelineResult result, Progress initial, long roundStart, RunListener listener) {
    PipelineResult.State state = null;
    while (state == null || !state.isTerminal()) {
      state = result.waitUntilFinish(DEFAULT_PROGRESS_INTERVAL);
      if (state == null || !state.isTerminal()) {
        Map<String, Long> now = counters(result);
        listener.progress(
            new Progress(
                initial.round(),
                initial.drawn(),
                now.getOrDefault(Stats.GENERATED, 0L),
                initial.acceptedBefore(),
                initial.target(),
                initial.retries() + now.getOrDefault(Stats.RETRIES, 0L),
                seconds(roundStart)));
      }
    }
    // As before progress was polled: a failed pipeline throws here.
    result.waitUntilFinish();
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static Summary.Coverage coverage(
      io.personaforge.taxonomy.Taxonomy taxonomy, Map<String, Long> metrics) {
    int used = 0;
    List<String> unused = new ArrayList<>();
    for (io.personaforge.taxonomy.Attribute a : taxonomy.attributes()) {
      if (metrics.getOrDefault(Stats.leafUsed(a.path()), 0L) > 0) {
        used++;
      } else if (unused.size() < 20) {
        unused.add(a.path());
      }
    }
    return new Summary.Coverage(taxonomy.attributes().size(), used, unused);
  }

  /** The counters named {@code prefix...}, without the prefix. */
  private static Map<String, Long> withPrefix(Map<String, Long> metrics, String prefix) {
    Map<String, Long> out = new HashMap<>();
    metrics.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }

  private static Map<String, Object> llm(
      Map<String, Long> metrics,
      java.util.Optional<Activity.Snapshot> activity,
      int concurrency,
      List<Summary.RoundRow> rounds) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("calls", metrics.getOrDefault(Stats.LLM_CALLS, 0L));
    out.put("cache_hits", metrics.getOrDefault(Stats.CACHE_HITS, 0L));
    out.put("retries", metrics.getOrDefault(Stats.RETRIES, 0L));
    Map<String, Long> byCause = new java.util.TreeMap<>(withPrefix(metrics, Stats.RETRIES_BY));
    byCause.values().removeIf(v -> v == 0);
    out.put("retries_by_cause", byCause);
    out.put("prompt_tokens", metrics.getOrDefault(Stats.PROMPT_TOKENS, 0L));
    out.put("completion_tokens", metrics.getOrDefault(Stats.COMPLETION_TOKENS, 0L));
    out.put("overloads", metrics.getOrDefault(Stats.LLM_OVERLOADS, 0L));
    out.put("concurrency", concurrency);
    double busy = metrics.getOrDefault(Stats.LLM_BUSY_MS, 0L) / 1000.0;
    // The endpoint's wall: from the run's first call to its last answer when the calls were made
    // in this process (Direct, embedded Flink); else the rounds' wall, a slight overestimate.
    double wall =
        activity
            .map(Activity.Snapshot::generationSeconds)
            .filter(s -> s > 0)
            .orElse(rounds.stream().mapToDouble(Summary.RoundRow::seconds).sum());
    out.put("busy_request_seconds", JsonNumbers.round3(busy));
    out.put("generation_seconds", JsonNumbers.round3(wall));
    out.put(
        "utilisation",
        busy <= 0 || wall <= 0 ? 0.0 : JsonNumbers.round3(busy / (concurrency * wall)));
    activity.ifPresent(
        a -> {
          Map<String, Object> limiter = new java.util.LinkedHashMap<>();
          limiter.put("cap_rejections", a.capRejections());
          limiter.put("isolated_rejections", a.isolatedRejections());
          out.put("limiter", limiter);
          List<Map<String, Object>> points = new ArrayList<>();
          for (Activity.Point p : a.points()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("t", JsonNumbers.round3(p.seconds()));
            m.put("in_flight", p.inFlight());
            m.put("limit", p.limit());
            points.add(m);
          }
          out.put("in_flight", points);
        });
    return out;
  }

  /** One row per cell, with what the rounds accepted into it (cell key to count). */
  private static List<Summary.QuotaRow> quotaRows(QuotaPlan plan, Map<String, Long> accepted) {
    List<Summary.QuotaRow> rows = new ArrayList<>();
    for (Cell c : plan.cells()) {
      rows.add(
          new Summary.QuotaRow(c.key(), c.fixed(), c.target(), accepted.getOrDefault(c.key(), 0L)));
    }
    return rows;
  }

  private static Map<String, Long> counters(PipelineResult result) {
    MetricQueryResults q =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(Stats.NAMESPACE))
                    .build());
    Map<String, Long> out = new HashMap<>();
    for (MetricResult<Long> c : q.getCounters()) {
      long v;
      try {
        v = c.getCommitted();
      } catch (UnsupportedOperationException e) {
        v = c.getAttempted();
      }
      out.merge(c.getName().getName(), v, Long::sum);
    }
    return out;
  }
}
