package io.personaforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.LexicalConfig;
import io.personaforge.dedup.SemanticConfig;
import io.personaforge.dedup.semantic.MiniLmEmbedder;
import io.personaforge.dedup.standalone.CorpusDedup;
import io.personaforge.schemas.config.ConfigException;
import io.personaforge.schemas.config.YamlDocument;
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
      names = "--config",
      paramLabel = "FILE",
      description =
          "A run configuration (run.yaml) whose dedup section gives the settings (lexical, semantic:"
              + " docs/dedup.md); other sections are ignored. --threshold and --semantic override"
              + " it.")
  Path config;

  @Option(
      names = "--threshold",
      paramLabel = "J",
      description =
          "Word-shingle Jaccard at or above which two texts are near duplicates (default: the"
              + " --config file's, else "
              + LexicalConfig.DEFAULT_THRESHOLD
              + ").")
  Double threshold;

  @Option(
      names = "--semantic",
      paramLabel = "on|off|auto",
      description =
          "Also compare sentence embeddings (local quantized MiniLM; it reads the first ~100 words"
              + " of each text). auto: on, whatever the size. Default: the --config file's"
              + " setting, else auto.")
  String semantic;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Boolean semanticOn =
        switch (semantic == null ? "auto" : semantic) {
          case "on" -> Boolean.TRUE;
          case "off" -> Boolean.FALSE;
          case "auto" -> null;
          default ->
              throw new CommandLine.ParameterException(
                  spec.commandLine(), "--semantic must be on, off or auto, got '" + semantic + "'");
        };
    DedupConfig settings = withFlags(fileSettings(), semanticOn);
    CorpusDedup.Summary s =
        CorpusDedup.run(input, idColumn, textColumn, out, settings, MiniLmEmbedder::new);
    spec.commandLine()
        .getOut()
        .printf(
            "%d rows: %d kept (%d with an empty text, never compared), %d duplicates %s in %.1f s%n"
                + "Wrote %s/kept.parquet, %s/duplicates.parquet, %s/summary.json%n",
            s.rows(),
            s.kept(),
            s.emptyTexts(),
            s.duplicates(),
            s.byMethod(),
            s.seconds(),
            out,
            out,
            out);
    spec.commandLine().getOut().flush();
    return Main.OK;
  }

  /** The dedup section of {@code --config}, or the defaults. */
  private DedupConfig fileSettings() {
    if (config == null) {
      return DedupConfig.defaults();
    }
    YamlDocument doc = YamlDocument.read(config);
    if (!doc.root().isObject()) {
      throw ConfigException.at(doc, "", "a run config is a mapping of keys (taxonomy, dedup, ...)");
    }
    JsonNode section = doc.root().get("dedup");
    if (section == null) {
      throw ConfigException.at(
          doc, "", "no dedup section to take the settings from (docs/dedup.md lists its keys)");
    }
    DedupConfig settings = doc.bind(section, "dedup", DedupConfig.class);
    if (!settings.enabled()) {
      throw ConfigException.at(
          doc,
          "dedup.enabled",
          "dedup is switched off in this file; the dedup command needs it on (remove 'enabled:"
              + " false')");
    }
    return settings;
  }

  /** {@code settings} with the command line's --threshold and --semantic applied. */
  private DedupConfig withFlags(DedupConfig settings, Boolean semanticOn) {
    LexicalConfig l = settings.lexical();
    SemanticConfig m = settings.semantic();
    return new DedupConfig(
        true,
        threshold == null
            ? l
            : new LexicalConfig(
                l.enabled(), threshold, l.shingleSize(), l.bands(), l.rows(), l.commonShare()),
        semantic == null ? m : m.withEnabled(semanticOn),
        settings.compare());
  }
}
