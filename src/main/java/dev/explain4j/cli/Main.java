package dev.explain4j.cli;

import dev.explain4j.InvalidInputException;
import dev.explain4j.render.TokenText;
import java.io.PrintWriter;
import java.io.StringWriter;
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
    cl.setParameterExceptionHandler(Main::usage);
    return cl;
  }

  /** Picocli's usage error, its message (which echoes the arguments) made visible. */
  private static int usage(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    var err = cl.getErr();
    err.println(cl.getColorScheme().errorText(TokenText.visible(e.getMessage())));
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
      cl.usage(err, cl.getColorScheme());
    }
    err.flush();
    return USAGE;
  }

  /**
   * One line on standard error per failure: bad input exits {@link #USAGE}, anything else {@link
   * #FAILURE}. {@code EXPLAIN4J_DEBUG=1} adds the stack trace (Python frames included). Messages
   * can echo user input or model text, so they are made visible ({@link TokenText#visible}).
   */
  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    var err = cl.getErr();
    err.println("explain4j " + cl.getCommandName() + ": " + TokenText.visible(e.getMessage()));
    if (e instanceof dev.explain4j.runtime.PythonException pe) {
      err.println(
          "(a Python "
              + TokenText.visible(pe.pythonType())
              + "; set EXPLAIN4J_DEBUG=1 for the traceback)");
    }
    if ("1".equals(System.getenv("EXPLAIN4J_DEBUG"))) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(TokenText.visibleLines(trace.toString()));
    }
    err.flush();
    return e instanceof InvalidInputException ? USAGE : FAILURE;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
