package io.personaforge.cli;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.LexicalConfig;
import io.personaforge.dedup.SemanticConfig;
import io.personaforge.dedup.semantic.MiniLmEmbedder;
import io.personaforge.dedup.standalone.CorpusDedup;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code personaforge dedup}: near-duplicate removal for any corpus. */
@Command(
    name = "dedup",
    mixinStandardHelpOptions = true,
    description = {
      "Removes exact and near duplicates from any corpus (CSV, JSONL or Parquet): a row is a"
          + " duplicate when it matches an earlier row. Writes OUT/kept.parquet (all input columns),"
          + " OUT/duplicates.parquet (id, duplicate_of, similarity, method) and OUT/summary.json."
    })
final class DedupCommand implements Callable<Integer> {
  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "A .csv, .jsonl or .parquet file; row order is the keep-first order.")
  Path input;

  @Option(
      names = "--id-column",
      defaultValue = "id",
      paramLabel = "NAME",
      description = "Column holding row ids (default: ${DEFAULT-VALUE}).")
  String idColumn;

  @Option(
      names = "--text-column",
      defaultValue = "text",
      paramLabel = "NAME",
      description = "Column holding the text to compare (default: ${DEFAULT-VALUE}).")
  String textColumn;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(
      names = "--threshold",
      paramLabel = "J",
      description =
          "Word-shingle Jaccard at or above which two texts are near duplicates (default: "
              + LexicalConfig.DEFAULT_THRESHOLD
              + ").")
  Double threshold;

  @Option(
      names = "--semantic",
      defaultValue = "auto",
      paramLabel = "on|off|auto",
      description =
          "Also compare sentence embeddings (local quantized MiniLM; it reads the first ~100 words"
              + " of each text). auto (the default): on, whatever the size.")
  String semantic;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Boolean semanticOn =
        switch (semantic) {
          case "on" -> Boolean.TRUE;
          case "off" -> Boolean.FALSE;
          case "auto" -> null;
          default ->
              throw new CommandLine.ParameterException(
                  spec.commandLine(), "--semantic must be on, off or auto, got '" + semantic + "'");
        };
    DedupConfig config =
        new DedupConfig(
            true,
            new LexicalConfig(null, threshold, null, null, null),
            SemanticConfig.defaults().withEnabled(semanticOn),
            null);
    CorpusDedup.Summary s =
        CorpusDedup.run(input, idColumn, textColumn, out, config, MiniLmEmbedder::new);
    spec.commandLine()
        .getOut()
        .printf(
            "%d rows: %d kept, %d duplicates %s in %.1f s%nWrote %s/kept.parquet, %s/duplicates.parquet, %s/summary.json%n",
            s.rows(), s.kept(), s.duplicates(), s.byMethod(), s.seconds(), out, out, out);
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}
