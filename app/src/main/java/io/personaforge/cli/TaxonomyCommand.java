package io.personaforge.cli;

import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import io.personaforge.taxonomy.TaxonomyPrinter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code personaforge taxonomy}: inspects taxonomies. */
@Command(
    name = "taxonomy",
    mixinStandardHelpOptions = true,
    description =
        "Inspects taxonomies: the built-in ones (builtin:general, builtin:students) or your own YAML files.",
    subcommands = {TaxonomyCommand.Show.class, TaxonomyCommand.Check.class})
final class TaxonomyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Prints a taxonomy as a tree with attribute counts, types and domains.")
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
      spec.commandLine().getOut().print(TaxonomyPrinter.render(t));
      spec.commandLine().getOut().flush();
      return Main.OK;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Reports every problem of a taxonomy file at once, each with file:line:column.")
  static final class Check implements Callable<Integer> {
    @Parameters(
        index = "0",
        paramLabel = "FILE",
        description = "A taxonomy YAML file (or builtin:NAME).")
    String ref;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      TaxonomyLoader.Checked checked = TaxonomyLoader.check(ref, null);
      if (checked.ok()) {
        spec.commandLine()
            .getOut()
            .printf("%s: ok, %d attributes%n", ref, checked.taxonomy().attributes().size());
        spec.commandLine().getOut().flush();
        return Main.OK;
      }
      spec.commandLine().getErr().println(checked.report());
      spec.commandLine().getErr().printf("%d problem(s) in %s%n", checked.problems().size(), ref);
      spec.commandLine().getErr().flush();
      return Main.BAD_CONFIG;
    }
  }
}
