package dev.explain4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SystemExit while Python starts (here from an explain4j package that exits on import) fails the
 * start, not the JVM. It needs a JVM whose Python has not imported explain4j yet: "fork".
 */
@Tag("python")
@Tag("fork")
class PythonStartExitTest {
  @Test
  void sysExitWhileStartingFailsTheStartOnly(@TempDir Path dir) throws Exception {
    Path pkg = Files.createDirectories(dir.resolve("explain4j"));
    Files.writeString(pkg.resolve("__init__.py"), "import sys\nsys.exit(7)\n");
    String real = System.getProperty(JepSession.EXTRA_PATH_PROPERTY, "");
    System.setProperty(JepSession.EXTRA_PATH_PROPERTY, dir + ":" + real);
    try {
      Explain4jException e = assertThrows(Explain4jException.class, PythonRuntime::open);
      assertTrue(e.getMessage().contains("SystemExit(7)"), e.getMessage());
    } finally {
      System.setProperty(JepSession.EXTRA_PATH_PROPERTY, real);
    }
    try (PythonRuntime py = PythonRuntime.open()) {
      assertEquals(5L, py.call("explain4j_testing.bridge.add", 2, 3), "a later start works");
    }
  }
}
