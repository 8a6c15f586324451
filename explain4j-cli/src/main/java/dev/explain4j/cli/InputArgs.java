package dev.explain4j.cli;

import dev.explain4j.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/** The input text: {@code --input} or, without it, standard input. */
final class InputArgs {
  @Option(
      names = {"--input", "-i"},
      description = "Input text; read from standard input when absent.")
  String input;

  String text(InputStream stdin) {
    if (input != null) {
      return input;
    }
    try {
      String s = new String(stdin.readAllBytes(), StandardCharsets.UTF_8).strip();
      if (s.isEmpty()) {
        throw new InvalidInputException(
            "no input: give --input TEXT or pipe text on standard input");
      }
      return s;
    } catch (IOException e) {
      throw new InvalidInputException("cannot read standard input: " + e.getMessage(), e);
    }
  }
}
