package io.personaforge.cli;

import io.personaforge.pipelines.PersonaRun;
import io.personaforge.pipelines.config.RunConfigLoader;
import io.personaforge.sampler.Cell;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code personaforge validate-config}: checks a configuration without generating anything. */
@Command(
    name = "validate-config",
    mixinStandardHelpOptions = true,
    description =
        "Checks a run configuration, its taxonomy and its quotas without generating anything.")
final class ValidateConfigCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The run configuration (YAML).")
  Path config;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RunConfigLoader.LoadedRun loaded = RunConfigLoader.load(config, null, null);
    var out = spec.commandLine().getOut();
    out.printf(
        "%s is valid: %d personas from %s (%d attributes), %d quota cell(s):%n",
        config,
        loaded.config().count(),
        loaded.taxonomy().name(),
        loaded.taxonomy().attributes().size(),
        loaded.plan().cells().size());
    for (Cell c : loaded.plan().cells()) {
      out.printf("  %-60s %d%n", c.key().isEmpty() ? "(whole corpus)" : c.key(), c.target());
    }
    out.flush();
    PersonaRun.directRunnerAdvice(loaded.config().count())
        .ifPresent(
            advice -> {
              var err = spec.commandLine().getErr();
              err.println("warning: " + advice);
              err.flush();
            });
    return Main.OK;
  }
}
