package dev.explain4j.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmFlagsTest {
  @Test
  void theJarCarriesTheFlagsOfJvmOptions() throws IOException {
    List<String> file =
        Files.readAllLines(Path.of("jvm.options")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertEquals(file, JvmFlags.needed());
    assertEquals(2, file.size(), file.toString());
  }

  @Test
  void missingFlagsAreNamedInOneLine() {
    List<String> needed = JvmFlags.needed();
    assertEquals(
        List.of(needed.get(1)), JvmFlags.missing(needed, List.of(needed.get(0), "-Xmx1g")));
    assertEquals(List.of(), JvmFlags.missing(needed, List.of(needed.get(1), needed.get(0))));
    assertNull(JvmFlags.problem(), "Surefire starts this JVM with jvm.options");
  }

  @Test
  void laterCellsThrowTheMessageAsAKotlinString() {
    assertEquals(
        "throw IllegalStateException(\"set \\\"A\\\" to \\$X \\\\ done\")",
        JvmFlags.throwing("set \"A\" to $X \\ done"));
  }
}
