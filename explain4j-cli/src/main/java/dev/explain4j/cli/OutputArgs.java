package dev.explain4j.cli;

import dev.explain4j.InvalidInputException;
import dev.explain4j.render.Theme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Where and how to write the result: {@code --out} and {@code --format}; the terminal otherwise.
 */
final class OutputArgs {
  static final List<String> FORMATS = List.of("html", "png", "svg", "json", "arrow", "parquet");

  @Option(
      names = {"--out", "-o"},
      description = "Output file; the format follows its extension unless --format is given.")
  Path out;

  @Option(
      names = "--format",
      description = "html, png, svg, json, arrow or parquet (default: from --out's extension).")
  String format;

  @Option(names = "--theme", description = "light, dark or auto (default: ${DEFAULT-VALUE}).")
  Theme theme = Theme.AUTO;

  @Option(names = "--plain", description = "Terminal output without colours.")
  boolean plain;

  /** The chosen format, or null for the terminal view. Checks the target is writable. */
  String format() {
    if (out == null) {
      if (format != null) {
        throw new InvalidInputException("--format " + format + " needs --out FILE");
      }
      return null;
    }
    String f = format;
    if (f == null) {
      String name = out.getFileName().toString();
      int dot = name.lastIndexOf('.');
      f = dot < 0 ? "" : name.substring(dot + 1);
    }
    f = f.toLowerCase(Locale.ROOT);
    if (f.equals("htm")) {
      f = "html";
    }
    if (f.equals("ipc") || f.equals("feather")) {
      f = "arrow";
    }
    if (!FORMATS.contains(f)) {
      throw new InvalidInputException(
          "unknown output format '"
              + f
              + "' for "
              + out
              + "; use one of "
              + String.join(", ", FORMATS));
    }
    Path dir = out.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new InvalidInputException(
          "cannot write " + out + ": " + dir + " is not a writable directory");
    }
    return f;
  }
}
