package io.personaforge.cli;

import io.personaforge.app.PersonaRun;
import io.personaforge.generator.GenerationException;
import io.personaforge.pipelines.RunFailedException;
import io.personaforge.pipelines.Version;
import io.personaforge.schemas.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/**
 * {@code personaforge}: build quota-controlled synthetic persona corpora. Exit codes: 0 ok, 1 the
 * run failed, 2 bad usage or configuration, 3 quotas could not be met.
 */
@Command(
    name = "personaforge",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Builds quota-controlled synthetic persona corpora on Apache Beam.",
    subcommands = {
      RunCommand.class,
      PreviewCommand.class,
      ValidateConfigCommand.class,
      TaxonomyCommand.class,
      DedupCommand.class,
      InspectCommand.class,
      ReportCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 run failed, 2 bad usage or configuration, 3 quotas could not be met.",
      "Docs: README.md and docs/ in the project."
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int BAD_CONFIG = 2;
  public static final int QUOTAS_SHORT = 3;

  /** The run was interrupted (Ctrl-C): the conventional 128 + SIGINT. */
  public static final int INTERRUPTED = 130;

  @Option(
      names = "--debug",
      description = "Show stack traces of errors.",
      scope = CommandLine.ScopeType.INHERIT)
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    int code;
    try {
      code = execute(args);
    } catch (OutOfMemoryError e) {
      // Thrown past picocli (an Error, not an Exception). Exit rather than leave the runner's
      // threads holding a full heap: a run that cannot finish must not hang.
      System.err.println("error: " + describe(e));
      code = FAILED;
    }
    System.exit(code);
  }

  /** Runs the command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** Runs the command line with its output and errors sent to the given writers. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (PersonaRun.interrupted()) {
            // Ctrl-C: the run's failure is its consequence; the interruption says what to do.
            return INTERRUPTED;
          }
          boolean debug =
              parseResult.hasMatchedOption("--debug")
                  || parseResult.subcommand() != null
                      && parseResult.subcommand().hasMatchedOption("--debug");
          // A problem the user can act on (bad config, unusable endpoint) is its message alone;
          // anything else is a failure worth a hint about --debug.
          boolean known = ex instanceof ConfigException || ex instanceof RunFailedException;
          boolean llm = rootCause(ex) instanceof GenerationException;
          err.println(
              "error: "
                  + (known
                      ? ex.getMessage()
                      : llm ? describe(ex) : "the run failed: " + describe(ex)));
          if (debug) {
            ex.printStackTrace(err);
          } else if (!known && !llm) {
            err.println("(run again with --debug for the stack trace)");
          }
          err.flush();
          return ex instanceof ConfigException ? BAD_CONFIG : FAILED;
        });
    return cl;
  }

  static Throwable rootCause(Throwable ex) {
    Throwable t = ex;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /** The innermost meaningful message of an exception chain (Beam wraps DoFn failures). */
  static String describe(Throwable ex) {
    Throwable t = rootCause(ex);
    if (t instanceof OutOfMemoryError) {
      return "out of memory ("
          + t.getMessage()
          + ", max heap "
          + Runtime.getRuntime().maxMemory() / (1024 * 1024)
          + " MB). Give Java more with PERSONAFORGE_JAVA_OPTS=-Xmx8g, or use --runner flink, which"
          + " spills to disk (the Direct runner holds every shuffle in memory; docs/flink.md has"
          + " measured sizes)";
    }
    String msg = t.getMessage();
    return msg == null ? t.getClass().getSimpleName() : msg;
  }

  /** Version from the jar manifest. */
  public static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "personaforge " + Version.current(), "Java " + System.getProperty("java.version")
      };
    }
  }
}
