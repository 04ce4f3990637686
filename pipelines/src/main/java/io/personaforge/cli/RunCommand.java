package io.personaforge.cli;

import io.personaforge.pipelines.PersonaRun;
import io.personaforge.pipelines.config.RunConfigLoader;
import io.personaforge.pipelines.report.Summary;
import java.nio.file.Path;
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
      "Writes OUT/personas/*.parquet, OUT/rejects/*.parquet, OUT/duplicates/*.parquet, OUT/summary.json"
          + " and OUT/run.yaml (the resolved configuration).",
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
          "Where the pipeline runs: direct (default; this machine). More runners arrive with Flink support.")
  PersonaRun.Runner runner;

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

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    var outp = spec.commandLine().getOut();
    RunConfigLoader.LoadedRun loaded = RunConfigLoader.load(config, count, seed);
    Summary s =
        PersonaRun.execute(
            loaded,
            out,
            runner,
            overwrite,
            line -> {
              err.println(line);
              err.flush();
            });
    Summary.Counts c = s.counts();
    outp.printf(
        "Done in %.1f s: %d of %d personas accepted (%d rejected, %d duplicates, %d surplus).%n",
        s.seconds(), c.accepted(), c.target(), c.rejected(), c.duplicates(), c.surplus());
    outp.printf("Corpus: %s/personas/*.parquet   Summary: %s/summary.json%n", out, out);
    outp.flush();
    return c.accepted() == c.target() ? Main.OK : Main.QUOTAS_SHORT;
  }
}
