package dev.explain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JVM flags live in {@code jvm.options} only: every launcher reads that file (Maven passes it
 * to this JVM as an argument file), and no script, source or notebook writes a flag out again.
 */
class JvmOptionsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path OPTIONS = ROOT.resolve("jvm.options");
  private static final List<String> FLAG_PREFIXES = List.of("--add-" + "opens", "-X" + "ss");
  private static final Set<String> SKIPPED_DIRS =
      Set.of(".git", ".venv", "target", "node_modules", "__pycache__", ".ipynb_checkpoints");
  private static final long MAX_BYTES = 1 << 20;

  static List<String> flags() throws IOException {
    return Files.readAllLines(OPTIONS).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  @Test
  void theFileHoldsTheFlagsAndThisJvmWasStartedWithThem() throws IOException {
    List<String> flags = flags();
    assertEquals(2, flags.size(), "jvm.options: " + flags);
    assertTrue(flags.get(0).startsWith(FLAG_PREFIXES.get(0)), flags.toString());
    assertTrue(flags.get(1).startsWith(FLAG_PREFIXES.get(1)), flags.toString());
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    assertTrue(args.containsAll(flags), "surefire's argLine reads jvm.options: " + args);
  }

  @Test
  void noLauncherWritesTheFlagsOutAgain() throws IOException {
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path f : (Iterable<Path>) files.filter(this::scanned)::iterator) {
        String text = text(f);
        for (String prefix : FLAG_PREFIXES) {
          if (text != null && text.contains(prefix)) {
            offenders.add(ROOT.relativize(f) + " (" + prefix + ")");
          }
        }
      }
    }
    assertTrue(offenders.isEmpty(), "read jvm.options instead of writing flags in " + offenders);
  }

  private boolean scanned(Path f) {
    for (Path part : ROOT.relativize(f)) {
      if (SKIPPED_DIRS.contains(part.toString())) {
        return false;
      }
    }
    String name = f.getFileName().toString();
    return Files.isRegularFile(f) && !f.equals(OPTIONS) && !name.endsWith(".md");
  }

  /** The file as UTF-8 text, or null for a large or binary file. */
  private static String text(Path f) throws IOException {
    if (Files.size(f) > MAX_BYTES) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f)))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
