package dev.explain4j.cli;

import dev.explain4j.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code explain4j} command line: a thin layer over the public API. */
@Command(
    name = "explain4j",
    mixinStandardHelpOptions = true,
    version = "explain4j 0.1.0",
    description = "Look inside Hugging Face transformers models: attention and attribution.",
    subcommands = {
      DoctorCommand.class,
      AttentionCommand.class,
      AttributeCommand.class,
      AttributeDatasetCommand.class
    })
public final class Main implements Runnable {
  /** Exit code for success. */
  public static final int OK = 0;

  /** Exit code for a failure while running. */
  public static final int FAILURE = 1;

  /** Exit code for bad usage (unknown option, missing argument). */
  public static final int USAGE = 2;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Builds the configured command line; tests call this to run commands in-process. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handle);
    return cl;
  }

  /**
   * One line on standard error per failure: bad input exits {@link #USAGE}, anything else {@link
   * #FAILURE}. {@code EXPLAIN4J_DEBUG=1} adds the stack trace (Python frames included).
   */
  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    var err = cl.getErr();
    err.println("explain4j " + cl.getCommandName() + ": " + e.getMessage());
    if (e instanceof dev.explain4j.runtime.PythonException pe) {
      err.println("(a Python " + pe.pythonType() + "; set EXPLAIN4J_DEBUG=1 for the traceback)");
    }
    if ("1".equals(System.getenv("EXPLAIN4J_DEBUG"))) {
      e.printStackTrace(err);
    }
    err.flush();
    return e instanceof InvalidInputException ? USAGE : FAILURE;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
