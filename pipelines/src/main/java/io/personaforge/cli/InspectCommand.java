package io.personaforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaforge.pipelines.io.ParquetFiles;
import io.personaforge.schemas.config.ConfigException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
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
    JsonNode c = s.get("counts");
    o.printf(
        "%s: %d of %d personas accepted in %.1f s on %s (taxonomy %s, seed %d)%n",
        out,
        c.path("accepted").asLong(),
        c.path("target").asLong(),
        s.path("seconds").asDouble(),
        s.path("runner").asText(),
        s.path("taxonomy").asText(),
        s.path("seed").asLong());
    o.printf(
        "generated %d = accepted %d + rejected %d + duplicates %d + surplus %d (%s)%n",
        c.path("generated").asLong(),
        c.path("accepted").asLong(),
        c.path("rejected").asLong(),
        c.path("duplicates").asLong(),
        c.path("surplus").asLong(),
        c.path("balanced").asBoolean() ? "balanced" : "NOT balanced");
    for (JsonNode r : s.path("rounds")) {
      o.printf(
          "  round %d: %d generated, %d accepted, %d rejected, %d duplicates, %d surplus%n",
          r.path("round").asInt(),
          r.path("generated").asLong(),
          r.path("accepted").asLong(),
          r.path("rejected").asLong(),
          r.path("duplicates").asLong(),
          r.path("surplus").asLong());
    }
    o.println();
    o.printf("%-70s %8s %8s%n", "quota cell", "target", "achieved");
    for (JsonNode q : s.path("quotas")) {
      String cell = q.path("cell").asText();
      o.printf(
          "%-70s %8d %8d%n",
          cell.isEmpty() ? "(whole corpus)" : cell,
          q.path("target").asLong(),
          q.path("achieved").asLong());
    }
    JsonNode v = s.path("validation");
    if (!v.isMissingNode()) {
      o.printf(
          "%nvalidation: %d attempts, %d revisions, hard-error rate %.3f, warning rate %.3f%n",
          v.path("attempts").asLong(),
          v.path("revisions").asLong(),
          v.path("hard_error_rate").asDouble(),
          v.path("warning_rate").asDouble());
    }
    JsonNode llm = s.path("llm");
    if (!llm.isMissingNode()) {
      o.printf(
          "llm: %d calls, %d cache hits, %d retries, %d prompt + %d completion tokens%n",
          llm.path("calls").asLong(),
          llm.path("cache_hits").asLong(),
          llm.path("retries").asLong(),
          llm.path("prompt_tokens").asLong(),
          llm.path("completion_tokens").asLong());
    }
    printSamples(o);
    o.flush();
    return Main.OK;
  }

  private void printSamples(PrintWriter o) throws Exception {
    int left = samples;
    for (Path f : ParquetFiles.files(out.resolve("personas"))) {
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(new LocalInputFile(f)).build()) {
        for (GenericRecord r = reader.read(); r != null && left > 0; r = reader.read(), left--) {
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
        }
      }
      if (left == 0) {
        break;
      }
    }
  }
}
