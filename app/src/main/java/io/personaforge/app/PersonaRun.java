package io.personaforge.app;

import io.personaforge.app.RunConfigLoader.LoadedRun;
import io.personaforge.dedup.semantic.Embedders;
import io.personaforge.generator.GenerationEngine;
import io.personaforge.generator.WriterInfo;
import io.personaforge.pipelines.DirectStallWatch;
import io.personaforge.pipelines.Execution;
import io.personaforge.pipelines.Judges;
import io.personaforge.pipelines.RunSpec;
import io.personaforge.pipelines.StallWatch;
import io.personaforge.report.CorpusMetrics;
import io.personaforge.report.ReportPage;
import io.personaforge.report.Summary;
import io.personaforge.sampler.QuotaPlan;
import io.personaforge.schemas.ParquetFiles;
import io.personaforge.schemas.Schemas;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a checked configuration end to end: probes the writer, claims the output directory, runs the
 * rounds ({@link RoundLoop}), moves the tables into place, measures the corpus and writes {@code
 * run.yaml}, {@code summary.json} ({@link RunSummary}) and {@code report.html}.
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
    return execute(
        loaded,
        out,
        execution,
        overwrite,
        fresh,
        listener,
        execution.runner() == Execution.Runner.DIRECT ? DirectStallWatch::new : StallWatch::none);
  }

  /**
   * As {@link #execute(LoadedRun, Path, Execution, boolean, boolean, RunListener)}, with the watch
   * each round's pipeline run gets (tests give one that finds a stall).
   */
  static Summary execute(
      LoadedRun loaded,
      Path out,
      Execution execution,
      boolean overwrite,
      boolean fresh,
      RunListener listener,
      Supplier<StallWatch> watches)
      throws IOException {
    Consumer<String> log = listener::line;
    long start = System.nanoTime();
    // One probe call before anything is written: an unreachable URL, a wrong key or an unknown
    // model stops the run in seconds, naming the URL and model (never the key), and leaves OUT as
    // it was, so the corrected command can use it.
    Judges judges = Judges.forRun(loaded.config(), loaded.taxonomy());
    judges.probe(loaded.config().generator(), loaded.taxonomy());
    if (loaded.config().dedup().enabled() && loaded.config().dedup().semantic().on()) {
      // A remote embedding endpoint is checked the same way (the local model needs no check).
      Embedders.probe(loaded.config().dedup().semantic());
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
                loaded.config().generator(),
                judges.models(),
                loaded.taxonomy(),
                dir.cache(),
                fresh);
        Interruption interruption = Interruption.watch(out)) {
      return execute(loaded, out, execution, fresh, listener, start, dir, engine, watches);
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
      GenerationEngine engine,
      Supplier<StallWatch> watches)
      throws IOException {
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
    String runner = execution.runner().name().toLowerCase(Locale.ROOT);
    listener.line(
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
            + runner
            + ")");
    RoundLoop.Outcome rounds = new RoundLoop(spec, execution, dir, listener, engine, watches).run();

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
        RunSummary.of(
            loaded,
            out,
            runner,
            start,
            writer,
            engine.activity(),
            rounds,
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

  static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}
