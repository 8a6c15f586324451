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
 * The jar refuses an explain4j Python package of another version, naming both. It needs a JVM whose
 * Python has not imported explain4j yet: "fork".
 */
@Tag("python")
@Tag("fork")
class PythonVersionMismatchTest {
  @Test
  void aJarAgainstAnOlderPythonPackageIsRefusedNamingBothVersions(@TempDir Path dir)
      throws Exception {
    Path pkg = Files.createDirectories(dir.resolve("explain4j"));
    Files.writeString(pkg.resolve("__init__.py"), "__version__ = \"0.0.9\"\n");
    String real = System.getProperty(JepSession.EXTRA_PATH_PROPERTY, "");
    System.setProperty(JepSession.EXTRA_PATH_PROPERTY, dir + ":" + real);
    try {
      Explain4jException e = assertThrows(Explain4jException.class, PythonRuntime::open);
      String msg = e.getMessage();
      assertTrue(msg.contains("explain4j 0.0.9"), msg);
      assertTrue(msg.contains("explain4j-core " + PythonPackage.version()), msg);
      assertTrue(msg.contains("explain4j " + PythonPackage.pythonVersion()), msg);
      assertTrue(msg.contains(pkg.resolve("__init__.py").toString()), msg);
    } finally {
      System.setProperty(JepSession.EXTRA_PATH_PROPERTY, real);
    }
    try (PythonRuntime py = PythonRuntime.open()) {
      assertEquals(5L, py.call("explain4j_testing.bridge.add", 2, 3), "a later start works");
      assertEquals(PythonPackage.pythonVersion(), py.eval("__import__('explain4j').__version__"));
    }
  }
}
