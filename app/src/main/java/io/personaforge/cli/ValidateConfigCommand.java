package io.personaforge.cli;

import io.personaforge.app.RunConfigLoader;
import io.personaforge.app.SampleCheck;
import io.personaforge.pipelines.Execution;
import io.personaforge.pipelines.Judges;
import io.personaforge.sampler.Cell;
import io.personaforge.schemas.config.ConfigException;
import io.personaforge.schemas.config.YamlDocument;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code personaforge validate-config}: checks a configuration without generating anything. */
@Command(
    name = "validate-config",
    mixinStandardHelpOptions = true,
    description =
        "Checks a run configuration, its taxonomy and its quotas, and writes a few personas with the"
            + " offline writer to check them against the validation rules; nothing is saved.")
final class ValidateConfigCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The run configuration (YAML).")
  Path config;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RunConfigLoader.LoadedRun loaded = RunConfigLoader.load(config, null, null);
    SampleCheck sample =
        SampleCheck.applies(loaded.config())
            ? SampleCheck.of(loaded, SampleCheck.DEFAULT_SAMPLES)
            : null;
    if (sample != null && sample.passed() == 0) {
      // Every persona of the run would be rejected: thousands written for nothing, then exit 3.
      String rule = sample.failures().keySet().iterator().next();
      YamlDocument doc = YamlDocument.read(config);
      // A rule of the file is placed at its entry; a built-in check at the validation section.
      var rules = loaded.config().validation().rules();
      String keyPath = "validation";
      for (int i = 0; i < rules.size(); i++) {
        if (rules.get(i).name().equals(rule)) {
          keyPath = "validation.rules[" + i + "]";
        }
      }
      throw ConfigException.at(
          doc,
          keyPath,
          "none of "
              + sample.written()
              + " sample personas written by the offline writer passes validation, so no run of"
              + " this configuration can: "
              + sample.describeFailures()
              + ". Change the rule (docs/validation.md) or the taxonomy, or use an LLM writer");
    }
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
    for (var judge : Judges.forRun(loaded.config(), loaded.taxonomy()).all()) {
      out.printf(
          "judge %s: %s, %s, model %s at %s%n",
          judge.name(),
          judge.spec().severity().name().toLowerCase(Locale.ROOT),
          judge.spec().audit()
              ? "audits a sample of " + judge.spec().sample() + " of the personas"
              : "judges every persona",
          judge.model().model(),
          judge.model().baseUrl());
    }
    if (sample != null) {
      out.printf(
          "%d of %d sample personas written by the offline writer pass validation%s%n",
          sample.passed(),
          sample.written(),
          sample.failures().isEmpty() ? "" : "; " + sample.describeFailures());
    }
    out.flush();
    Execution.directRunnerAdvice(loaded.config().count())
        .ifPresent(
            advice -> {
              var err = spec.commandLine().getErr();
              err.println("warning: " + advice);
              err.flush();
            });
    return Main.OK;
  }
}
