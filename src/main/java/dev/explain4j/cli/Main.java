package dev.explain4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code explain4j} command line: a thin layer over the public API. */
@Command(
    name = "explain4j",
    mixinStandardHelpOptions = true,
    version = "explain4j 0.1.0",
    description = "Look inside Hugging Face transformers models: attention and attribution.",
    subcommands = {DoctorCommand.class})
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
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
