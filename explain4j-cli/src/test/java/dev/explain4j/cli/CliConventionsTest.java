package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jVersion;
import dev.explain4j.InvalidInputException;
import dev.explain4j.runtime.PythonException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** What every command does the same way: help, version, usage errors and error lines. */
class CliConventionsTest {
  @Test
  void everyCommandHasHelpAndVersionOnStandardOutput() {
    List<List<String>> commands = new ArrayList<>();
    collect(Main.commandLine(), List.of(), commands);
    assertTrue(commands.size() >= 5, commands.toString());
    for (List<String> command : commands) {
      String name =
          String.join(" ", Stream.concat(Stream.of("explain4j"), command.stream()).toList());
      CliRun help = CliRun.run(with(command, "--help"));
      assertEquals(0, help.exitCode(), name + ": " + help.err());
      assertTrue(help.out().startsWith("Usage: " + name + " "), help.out());
      assertEquals("", help.err(), name);
      CliRun version = CliRun.run(with(command, "--version"));
      assertEquals(0, version.exitCode(), name + ": " + version.err());
      assertEquals("explain4j " + Explain4jVersion.maven(), version.out().strip(), name);
      assertTrue(version.out().matches("explain4j \\d+\\.\\d+\\.\\d+\\S*\\s*"), version.out());
      assertEquals("", version.err(), name);
    }
  }

  @Test
  void usageErrorsAreOneLineWithAHint() {
    String[][] cases = {
      {"attention", "--bogus"},
      {"attribute", "--max-new-tokens", "many"},
      {"attribute-dataset"},
      {"--bogus"},
      {"attribute", "-i", "x", "--target", "x y", "--continuation", " y"}
    };
    for (String[] args : cases) {
      CliRun r = CliRun.run(args);
      String command = args[0].startsWith("-") ? "explain4j" : "explain4j " + args[0];
      assertEquals(2, r.exitCode(), String.join(" ", args));
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith(command + ": "), r.err());
      assertTrue(r.err().strip().endsWith("(see " + command + " --help)"), r.err());
      assertEquals("", r.out());
    }
    assertTrue(CliRun.run(cases[4]).err().contains("--target and --continuation"));
  }

  @Test
  void refusalsNameTheFlagOfTheCommandOrElseTheBuilder() {
    CommandSpec attribute = Main.commandLine().getSubcommands().get("attribute").getCommandSpec();
    String pickle =
        ErrorLines.message(
            new InvalidInputException(
                "allow them with {option} if you trust it",
                "ModelOptions.optAllowPickle",
                true,
                null),
            attribute);
    assertEquals("allow them with --allow-pickle if you trust it", pickle);
    String dtype =
        ErrorLines.message(
            new InvalidInputException("use {option}", "ModelOptions.optDtype", "float64", null),
            attribute);
    assertEquals("use --dtype float64", dtype);
    String noFlag =
        ErrorLines.message(
            new InvalidInputException("call {option}", "GenerationOptions.optDoSample", true, null),
            attribute);
    assertEquals("call GenerationOptions.builder().optDoSample(true)", noFlag);
    for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
      var flags = ErrorLines.flags(sub.getCommandSpec());
      if (flags.containsValue("--model")) {
        assertEquals("--trust-remote-code", flags.get("optTrustRemoteCode"), sub.getCommandName());
        assertEquals("--allow-pickle", flags.get("optAllowPickle"), sub.getCommandName());
      }
    }
  }

  @Test
  void engineFailuresAreOneLine() {
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine().getSubcommands().get("attention");
    cl.setErr(new PrintWriter(err, true));
    var e = new PythonException("RuntimeError", "cannot reshape\n  tensor", List.of(), "");
    assertEquals(1, ErrorLines.execution(e, cl, null));
    assertEquals(
        "explain4j attention: RuntimeError: cannot reshape tensor"
            + " (a Python RuntimeError; EXPLAIN4J_DEBUG=1 shows the traceback)",
        err.toString().strip());
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> into) {
    into.add(path);
    cl.getSubcommands()
        .forEach(
            (name, sub) ->
                collect(sub, Stream.concat(path.stream(), Stream.of(name)).toList(), into));
  }

  private static String[] with(List<String> command, String option) {
    return Stream.concat(command.stream(), Stream.of(option)).toArray(String[]::new);
  }
}
