package io.personaforge.cli;

import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code personaforge taxonomy}: inspects taxonomies. */
@Command(
    name = "taxonomy",
    mixinStandardHelpOptions = true,
    description =
        "Inspects taxonomies: the built-in ones ("
            + "builtin:general"
            + ") or your own YAML files.",
    subcommands = {TaxonomyCommand.Show.class})
final class TaxonomyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Prints a taxonomy's attributes with their types.")
  static final class Show implements Callable<Integer> {
    @Parameters(
        index = "0",
        paramLabel = "NAME|FILE",
        description = "builtin:NAME or a taxonomy YAML file.")
    String ref;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Taxonomy t = TaxonomyLoader.load(ref, null);
      var out = spec.commandLine().getOut();
      out.printf("%s: %d attributes%n", t.name(), t.attributes().size());
      String category = null;
      for (Attribute a :
          t.attributes().stream()
              .sorted(java.util.Comparator.comparing(Attribute::path))
              .toList()) {
        if (!a.category().equals(category)) {
          category = a.category();
          out.println(category);
        }
        out.printf("  %-28s %s%n", a.name(), a.type().name().toLowerCase());
      }
      out.flush();
      return Main.OK;
    }
  }
}
