package io.personaforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaforge.report.SummaryText;
import io.personaforge.schemas.ParquetFiles;
import io.personaforge.schemas.config.ConfigException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code personaforge inspect OUT}: a one-screen look at a finished run. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Prints a finished run's counts, quota table and a few sample personas.")
final class InspectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "OUT", description = "The output directory of a run.")
  Path out;

  @Option(
      names = "--samples",
      defaultValue = "3",
      paramLabel = "N",
      description = "Sample personas to print (default: ${DEFAULT-VALUE}).")
  int samples;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path summaryFile = out.resolve("summary.json");
    if (!Files.isRegularFile(summaryFile)) {
      throw new ConfigException(
          out.toString(), 0, 0, "", "no summary.json here: not a finished PersonaForge run");
    }
    JsonNode s = new ObjectMapper().readTree(summaryFile.toFile());
    PrintWriter o = spec.commandLine().getOut();
    o.print(out + ": " + SummaryText.overview(s));
    o.println();
    o.printf("%-70s %8s %8s %8s%n", "quota cell", "target", "achieved", "diff");
    for (JsonNode q : s.path("quotas")) {
      String cell = q.path("cell").asText();
      long target = q.path("target").asLong();
      long achieved = q.path("achieved").asLong();
      o.printf(
          "%-70s %8d %8d %+8d%n",
          cell.isEmpty() ? "(whole corpus)" : cell, target, achieved, achieved - target);
    }
    if (Files.isRegularFile(out.resolve("report.html"))) {
      o.printf("%nreport: %s%n", out.resolve("report.html"));
    }
    printSamples(o);
    o.flush();
    return Main.OK;
  }

  private void printSamples(PrintWriter o) throws Exception {
    int[] left = {samples};
    ParquetFiles.forEachRow(
        out.resolve("personas"),
        r -> {
          if (left[0]-- <= 0) {
            return false;
          }
          Object name = r.get("id");
          for (Map.Entry<?, ?> e : ((Map<?, ?>) r.get("fields")).entrySet()) {
            if (e.getKey().toString().equals("name")) {
              name = e.getValue();
            }
          }
          String narrative = r.get("narrative").toString();
          o.printf(
              "%n%s (%s, %s)%n  %s%n",
              name,
              r.get("id"),
              r.get("cell"),
              narrative.length() > 400 ? narrative.substring(0, 400) + "…" : narrative);
          return left[0] > 0;
        });
  }
}
