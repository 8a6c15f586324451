package dev.explain4j.jupyter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The flags of {@code jvm.options} (bundled in the jar) that this JVM was started without. */
final class JvmFlags {
  private static final String RESOURCE = "/dev/explain4j/jvm.options";

  private JvmFlags() {}

  /** Every flag explain4j needs, in {@code jvm.options} order. */
  static List<String> needed() {
    try (InputStream in = JvmFlags.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("explain4j-core's jar lacks " + RESOURCE);
      }
      List<String> flags = new ArrayList<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String flag = line.strip();
        if (!flag.isEmpty() && !flag.startsWith("#")) {
          flags.add(flag);
        }
      }
      return flags;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The needed flags missing from {@code arguments} (the JVM's own, as the launcher gave them). */
  static List<String> missing(List<String> needed, List<String> arguments) {
    List<String> out = new ArrayList<>(needed);
    out.removeAll(arguments);
    return out;
  }

  /**
   * One line naming the flags this JVM lacks and how to give them to the Kotlin kernel, or null
   * when it has them all.
   */
  static String problem() {
    List<String> needed = needed();
    List<String> missing =
        missing(needed, ManagementFactory.getRuntimeMXBean().getInputArguments());
    if (missing.isEmpty()) {
      return null;
    }
    return "explain4j needs the JVM flags "
        + missing
        + ": start Jupyter with KOTLIN_JUPYTER_JAVA_OPTS_EXTRA=\""
        + String.join(" ", needed)
        + "\" (the flags in explain4j's jvm.options)";
  }

  /** A Kotlin statement throwing {@code IllegalStateException(message)}. */
  static String throwing(String message) {
    String literal = message.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$");
    return "throw IllegalStateException(\"" + literal + "\")";
  }
}
