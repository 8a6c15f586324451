package dev.explain4j.cli;

import dev.explain4j.Explain4jVersion;
import dev.explain4j.attribution.MethodCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code explain4j} command line: a thin layer over the public API. */
@Command(
    name = "explain4j",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Look inside Hugging Face transformers models: attention and attribution.",
    subcommands = {
      DoctorCommand.class,
      AttentionCommand.class,
      AttributeCommand.class,
      AttributeContextCommand.class,
      AttributeDatasetCommand.class,
      CiteCommand.class,
      ClassifyCommand.class,
      EvaluateCommand.class
    })
public final class Main implements Runnable {
  /** {@code --version}: the version of explain4j-core this CLI runs on. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"explain4j " + Explain4jVersion.maven()};
    }
  }

  /** Exit code for success. */
  public static final int OK = 0;

  /** Exit code for a failure while running. */
  public static final int FAILURE = 1;

  /** Exit code for bad usage or bad input (unknown option, missing argument, no such model). */
  public static final int USAGE = 2;

  @Spec CommandSpec spec;
  private final CliBackend backend;

  private Main(CliBackend backend) {
    this.backend = backend;
  }

  /** The engine the commands run on. */
  CliBackend backend() {
    return backend;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Builds the configured command line; tests call this to run commands in-process. Every command
   * gets {@code --help} and {@code --version}; {@code @file} arguments are taken literally (no
   * picocli @-file expansion, so {@code -i @notes.txt} attributes the text "@notes.txt"); every
   * failure prints one line on standard error (see {@link ErrorLines}).
   */
  public static CommandLine commandLine() {
    return commandLine(new PythonBackend());
  }

  /** {@link #commandLine()} over another engine; tests pass a fake one. */
  static CommandLine commandLine(CliBackend backend) {
    CommandLine cl = new CommandLine(new Main(backend));
    standardOptions(cl, cl.getCommandSpec().version());
    cl.setExpandAtFiles(false);
    cl.setParameterExceptionHandler(ErrorLines::parameter);
    cl.setExecutionExceptionHandler(ErrorLines::execution);
    for (String name : new String[] {"attribute", "attribute-dataset"}) {
      MethodHelp.install(cl.getSubcommands().get(name), MethodCatalog::current);
    }
    return cl;
  }

  private static void standardOptions(CommandLine cl, String[] version) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      sub.getCommandSpec().mixinStandardHelpOptions(true).version(version);
      standardOptions(sub, version);
    }
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
