package io.personaforge.cli;

import io.personaforge.app.RunDirectory;
import io.personaforge.report.CorpusMetrics;
import io.personaforge.report.ReportPage;
import io.personaforge.schemas.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code personaforge report OUT}: writes report.html again from a finished run. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes OUT/report.html again from OUT/summary.json and the corpus (every run writes it).",
      "The page is one self-contained file: no script, nothing fetched from the network."
    })
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "OUT", description = "The output directory of a run.")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path summary = out.resolve("summary.json");
    if (!Files.isRegularFile(summary)) {
      throw new ConfigException(
          out.toString(), 0, 0, "", "no summary.json here: not a finished PersonaForge run");
    }
    String html =
        ReportPage.render(
            Files.readString(summary), CorpusMetrics.shown(out, CorpusMetrics.DEFAULT_SHOWN));
    Path target = out.resolve("report.html");
    RunDirectory.writeAtomically(target, html);
    spec.commandLine().getOut().println("Wrote " + target);
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}
