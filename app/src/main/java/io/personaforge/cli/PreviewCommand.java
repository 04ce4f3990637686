package io.personaforge.cli;

import io.personaforge.app.RunConfigLoader;
import io.personaforge.app.RunDirectory;
import io.personaforge.pipelines.PersonaRecord;
import io.personaforge.pipelines.Preview;
import io.personaforge.schemas.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code personaforge preview}: a run's whole per-persona flow on a few personas, no corpus. */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole per-persona flow of a run configuration (draft, rules and checks, LLM judges,"
          + " revisions) on a few of its personas, drawn from different quota cells, and prints"
          + " each: attributes, narrative, violations and verdicts. Writes no corpus.",
      "With --out, the LLM answers go into OUT/.cache, where a later 'run --out OUT' of the same"
          + " configuration finds them and pays for none of them again."
    })
final class PreviewCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The run configuration (YAML), e.g. examples/quickstart.yaml.")
  Path config;

  @Option(
      names = {"-n", "--personas"},
      paramLabel = "N",
      description = "Personas to preview (default: " + Preview.DEFAULT_COUNT + ").")
  int n = Preview.DEFAULT_COUNT;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "The output directory the run will use: answers are journaled in DIR/.cache for it."
              + " Default: a temporary journal, deleted afterwards.")
  Path out;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "As run --count: the personas of a run of N (a run's quotas depend on it).")
  Long count;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "As run --seed: the personas of a run with this seed.")
  Long seed;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (n < 1 || n > 1000) {
      throw new ConfigException(
          "-n", 0, 0, "", "must be 1 to 1000, got " + n + " (a preview is a handful of personas)");
    }
    RunConfigLoader.LoadedRun loaded = RunConfigLoader.load(config, count, seed);
    if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
      throw new ConfigException(
          out.toString(), 0, 0, "", "--out names a file, not a directory; choose a directory");
    }
    Path cache =
        out != null
            ? RunDirectory.cacheOf(out.toAbsolutePath().normalize())
            : Files.createTempDirectory("personaforge-preview-");
    Preview.Result result;
    try {
      result =
          Preview.run(
              loaded.config(), loaded.taxonomy(), loaded.plan(), loaded.configHash(), n, cache);
    } finally {
      if (out == null) {
        deleteTree(cache);
      }
    }
    PrintWriter w = spec.commandLine().getOut();
    int i = 0;
    for (PersonaRecord p : result.personas()) {
      print(w, ++i, result.personas().size(), p);
    }
    long accepted = result.personas().stream().filter(p -> p.failedStage() == null).count();
    w.printf(
        Locale.ROOT,
        "%nPreview of %s: %d persona(s) from %d of %d quota cell(s), %d passed, %d rejected;"
            + " %d LLM call(s), %d answer(s) from the journal; %.1f s.%n",
        config,
        result.personas().size(),
        result.personas().stream().map(PersonaRecord::cell).distinct().count(),
        result.cells(),
        accepted,
        result.personas().size() - accepted,
        result.calls(),
        result.cacheHits(),
        result.seconds());
    w.println(
        "Not previewed: duplicates, the first-name cap and quota filling, which need the whole"
            + " corpus.");
    if (out != null && Files.isDirectory(cache)) {
      w.printf(
          "Answers journaled in %s: 'personaforge run --config %s --out %s' reuses them.%n",
          cache, config, out);
    }
    w.flush();
    return Main.OK;
  }

  static void print(PrintWriter w, int i, int of, PersonaRecord p) {
    String status =
        p.failedStage() == null
            ? "PASSED" + (p.revisions() > 0 ? " after " + revisions(p.revisions()) : "")
            : "REJECTED (" + p.failedStage() + "): " + p.reason();
    w.printf(
        "%n=== Persona %d of %d · %s · %s%n    %s%n",
        i, of, p.id(), p.cell().isEmpty() ? "(no quota cell)" : p.cell(), status);
    w.println("Attributes:");
    p.attributes().forEach((k, v) -> w.printf("  %s: %s%n", k, v));
    if (!p.fields().isEmpty()) {
      w.println("Fields:");
      p.fields().forEach((k, v) -> w.printf("  %s: %s%n", k, v));
    }
    w.println("Narrative" + (p.revisions() > 0 ? " (" + revisions(p.revisions()) + ")" : "") + ":");
    w.println(indent(wrap(p.narrative() == null ? "(none)" : p.narrative(), 96), "  "));
    if (!p.violations().isEmpty()) {
      w.println("Violations:");
      for (PersonaRecord.Attempt a : p.violations()) {
        w.printf("  %s %s [%s]: %s%n", attempt(a.attempt()), a.rule(), a.severity(), a.message());
      }
    }
    if (!p.judgements().isEmpty()) {
      w.println("Verdicts:");
      for (PersonaRecord.Judgement j : p.judgements()) {
        w.printf(
            "  %s %s: %s, score %d/5%s%n",
            attempt(j.attempt()),
            j.judge(),
            j.pass() ? "pass" : "fail",
            j.score(),
            j.problems().isEmpty() ? "" : " — " + String.join("; ", j.problems()));
      }
    }
    if (!p.warnings().isEmpty()) {
      w.println("Warnings:");
      p.warnings().forEach(x -> w.println("  " + x));
    }
  }

  private static String revisions(int n) {
    return n + " revision" + (n == 1 ? "" : "s");
  }

  private static String attempt(int a) {
    return a == 0 ? "draft:     " : String.format(Locale.ROOT, "revision %d:", a);
  }

  /** Text broken into lines of at most {@code width} characters, at spaces. */
  static String wrap(String text, int width) {
    StringBuilder out = new StringBuilder();
    int col = 0;
    for (String word : text.strip().split("\\s+")) {
      if (col > 0 && col + 1 + word.length() > width) {
        out.append('\n');
        col = 0;
      } else if (col > 0) {
        out.append(' ');
        col++;
      }
      out.append(word);
      col += word.length();
    }
    return out.toString();
  }

  private static String indent(String text, String prefix) {
    return prefix + text.replace("\n", "\n" + prefix);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
