package io.personaforge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaforge.app.PersonaRun;
import io.personaforge.app.RunConfigLoader;
import io.personaforge.pipelines.Execution;
import io.personaforge.report.Summary;
import io.personaforge.report.SummaryText;
import io.personaforge.schemas.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code personaforge run}: generates a corpus. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Generates a persona corpus from a run configuration.",
      "Writes OUT/personas/*.parquet, OUT/rejects/*.parquet, OUT/duplicates/*.parquet, OUT/summary.json,"
          + " OUT/report.html and OUT/run.yaml (the resolved configuration).",
      "On a terminal, progress (personas written, rate, ETA, retries) is shown on one line.",
      "An unfinished run of the same configuration in OUT is resumed."
    })
final class RunCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The run configuration (YAML), e.g. examples/quickstart.yaml.")
  Path config;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Output directory: new, empty, or an unfinished run of the same configuration.")
  Path out;

  @Option(
      names = "--runner",
      defaultValue = "direct",
      paramLabel = "RUNNER",
      description =
          "Where the pipeline runs: direct (default: in this process) or flink (an embedded Flink"
              + " mini-cluster, or a real cluster with --flink-master).")
  Execution.Runner runner;

  @Option(
      names = "--flink-master",
      paramLabel = "HOST:PORT",
      description =
          "With --runner flink: the JobManager (REST) address of a Flink 1.19 cluster. Default: an"
              + " embedded mini-cluster. OUT must then be a path every task manager can reach.")
  String flinkMaster;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description =
          "Parallel workers: threads on direct, task slots on flink (default: the number of cores).")
  Integer parallelism;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Number of personas; overrides 'count' in the configuration.")
  Long count;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description =
          "Run seed; overrides 'seed' in the configuration. Same config and seed give the same corpus.")
  Long seed;

  @Option(
      names = "--overwrite",
      description = "Delete whatever OUT holds (a finished run, other files) before running.")
  boolean overwrite;

  @Option(
      names = "--fresh",
      description =
          "Ignore LLM responses journaled in OUT/.cache by an earlier run (new ones are still journaled).")
  boolean fresh;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    var outp = spec.commandLine().getOut();
    if (parallelism != null && parallelism < 1) {
      throw new ConfigException(
          "--parallelism",
          0,
          0,
          "",
          "must be at least 1, got " + parallelism + " (leave it out to use every core)");
    }
    RunConfigLoader.LoadedRun loaded = RunConfigLoader.load(config, count, seed);
    if (runner == Execution.Runner.DIRECT) {
      Execution.directRunnerAdvice(loaded.config().count())
          .ifPresent(advice -> err.println("warning: " + advice));
    }
    ProgressPrinter printer = new ProgressPrinter(err, System.console() != null);
    Summary s;
    try {
      s =
          PersonaRun.execute(
              loaded,
              // Absolute: on a cluster the workers resolve the paths they are given in their own
              // working directories.
              out.toAbsolutePath().normalize(),
              new Execution(runner, flinkMaster, parallelism == null ? 0 : parallelism),
              overwrite,
              fresh,
              printer);
    } finally {
      printer.clear();
    }
    Summary.Counts c = s.counts();
    if (!c.balanced()) {
      // Every generated persona must end in exactly one table; anything else is a bug to report.
      err.printf(
          "warning: counts do not add up: generated %d != accepted %d + rejected %d + duplicates %d"
              + " + surplus %d; please report this with %s/summary.json%n",
          c.generated(), c.accepted(), c.rejected(), c.duplicates(), c.surplus(), out);
    }
    outp.print(SummaryText.overview(new ObjectMapper().readTree(s.toJson())));
    outp.printf(
        "Corpus: %s/personas/*.parquet   Summary: %s/summary.json   Report: %s/report.html%n",
        out, out, out);
    outp.flush();
    if (c.accepted() == c.target()) {
      return Main.OK;
    }
    err.printf(
        "Quota cells short of their target after %d round(s) (raise max_rounds, or see"
            + " %s/rejects for why personas of these cells fail):%n",
        s.rounds().size(), out);
    for (Summary.QuotaRow q : s.shortCells()) {
      err.printf(
          "  %s: %d of %d%n",
          q.cell().isEmpty() ? "(whole corpus)" : q.cell(), q.achieved(), q.target());
    }
    String rules = rejectingRules(s);
    if (!rules.isEmpty()) {
      err.printf(
          "%d persona(s) were rejected; the rules that rejected most: %s%n", c.rejected(), rules);
    }
    err.flush();
    return Main.QUOTAS_SHORT;
  }

  /** Most rules named when a run ends short: the top ones explain nearly every rejection. */
  private static final int MAX_RULES_NAMED = 3;

  /** "min_words failed 12,308 of 12,308 attempts, ...": the rules with most failures. */
  static String rejectingRules(Summary s) {
    if (s.validation() == null || !(s.validation().get("rules") instanceof Map<?, ?> rules)) {
      return "";
    }
    List<String> named = new ArrayList<>();
    rules.entrySet().stream()
        .filter(e -> e.getValue() instanceof Map<?, ?> r && failed(r) > 0)
        .sorted(
            (a, b) ->
                Long.compare(failed((Map<?, ?>) b.getValue()), failed((Map<?, ?>) a.getValue())))
        .limit(MAX_RULES_NAMED)
        .forEach(
            e -> {
              Map<?, ?> r = (Map<?, ?>) e.getValue();
              named.add(
                  String.format(
                      Locale.ROOT,
                      "%s failed %,d of %,d attempts",
                      e.getKey(),
                      failed(r),
                      ((Number) r.get("attempts")).longValue()));
            });
    return String.join(", ", named);
  }

  private static long failed(Map<?, ?> rule) {
    return rule.get("failed") instanceof Number n ? n.longValue() : 0;
  }
}
