package dev.explain4j.cli;

import dev.explain4j.Explain4jException;
import dev.explain4j.InvalidInputException;
import dev.explain4j.render.TokenText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the CLI reports a failure: exactly one line on standard error, naming settings by their
 * flags. {@code EXPLAIN4J_DEBUG=1} adds the stack trace (Python frames included).
 */
final class ErrorLines {
  private ErrorLines() {}

  /** A failure while running: bad input exits {@link Main#USAGE}, anything else FAILURE. */
  static int execution(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    CommandSpec spec = cl.getCommandSpec();
    String line = spec.qualifiedName() + ": " + message(e, spec);
    if (e instanceof Explain4jException ee && ee.pythonType() != null) {
      line += " (a Python " + ee.pythonType() + "; EXPLAIN4J_DEBUG=1 shows the traceback)";
    }
    print(cl.getErr(), line, e);
    return e instanceof InvalidInputException ? Main.USAGE : Main.FAILURE;
  }

  /** Bad usage (unknown option, bad value, missing argument): the error and where help is. */
  static int parameter(ParameterException e, String[] args) {
    String name = e.getCommandLine().getCommandSpec().qualifiedName();
    StringBuilder line = new StringBuilder(name).append(": ").append(oneLine(e.getMessage()));
    if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      line.append("; did you mean ").append(String.join(" or ", u.getSuggestions())).append('?');
    }
    line.append(" (see ").append(name).append(" --help)");
    print(e.getCommandLine().getErr(), line.toString(), e);
    return Main.USAGE;
  }

  /**
   * The exception's message on one line; a refusal that names a setting names it by this command's
   * flag (for example {@code --allow-pickle}) when the command has one.
   */
  static String message(Throwable e, CommandSpec spec) {
    if (e instanceof InvalidInputException in && in.option().isPresent()) {
      String option = in.option().get();
      String flag = flags(spec).get(option.substring(option.lastIndexOf('.') + 1));
      Object value = in.optionValue();
      if (flag != null && !Boolean.FALSE.equals(value)) {
        return oneLine(in.messageWith(Boolean.TRUE.equals(value) ? flag : flag + " " + value));
      }
    }
    String m = e.getMessage();
    return oneLine(m == null || m.isBlank() ? e.getClass().getName() : m);
  }

  /**
   * The command's flags by the builder method they stand for: {@code --allow-pickle} for {@code
   * optAllowPickle}, {@code --dtype} for {@code optDtype}, from the picocli option names.
   */
  static Map<String, String> flags(CommandSpec spec) {
    Map<String, String> table = new HashMap<>();
    for (OptionSpec o : spec.options()) {
      String flag = o.longestName();
      if (flag.startsWith("--")) {
        table.put(builderMethod(flag), flag);
      }
    }
    return table;
  }

  /** {@code --trust-remote-code} to {@code optTrustRemoteCode}. */
  static String builderMethod(String flag) {
    StringBuilder b = new StringBuilder("opt");
    for (String part : flag.substring(2).split("-")) {
      if (!part.isEmpty()) {
        b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return b.toString();
  }

  /** Folds line feeds (multi-line messages) into spaces; other controls are shown, not folded. */
  static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("[ \\t]*\\r?\\n\\s*", " ");
  }

  /** Lines can echo user input or model text, so they are made visible ({@link TokenText}). */
  private static void print(PrintWriter err, String line, Exception e) {
    err.println(TokenText.visible(line));
    if ("1".equals(System.getenv("EXPLAIN4J_DEBUG"))) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(TokenText.visibleLines(trace.toString()));
    }
    err.flush();
  }
}
