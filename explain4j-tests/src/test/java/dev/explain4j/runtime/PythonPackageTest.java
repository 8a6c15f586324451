package dev.explain4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Python package and runtime lock carried by explain4j-core, and the version rule. */
class PythonPackageTest {
  private static final Path CHECKOUT_PYTHON = Path.of("python");

  @Test
  void mavenSnapshotMapsToPythonDev0AndReleasesAreUnchanged() {
    assertEquals("0.1.0.dev0", PythonPackage.pythonVersionOf("0.1.0-SNAPSHOT"));
    assertEquals("1.2.3", PythonPackage.pythonVersionOf("1.2.3"));
  }

  @Test
  void theCheckoutsPythonVersionIsTheOneTheJarNeeds() throws Exception {
    String init = Files.readString(CHECKOUT_PYTHON.resolve("explain4j/__init__.py"));
    Matcher m = Pattern.compile("__version__ = \"([^\"]+)\"").matcher(init);
    assertTrue(m.find(), "explain4j/__init__.py declares __version__");
    assertFalse(PythonPackage.version().equals("unknown"), "the jar knows its version");
    assertEquals(PythonPackage.pythonVersion(), m.group(1));
  }

  @Test
  void extractsThePackageAndLockOnceKeyedByVersionAndContent(@TempDir Path home) throws Exception {
    Path dir = PythonPackage.extract(home);
    assertEquals(home.resolve("python"), dir.getParent());
    assertTrue(
        dir.getFileName().toString().startsWith(PythonPackage.pythonVersion() + "-"),
        dir.toString());
    for (String f :
        new String[] {
          "explain4j/__init__.py", "explain4j/_jep.py", "explain4j/tools/provision.py"
        }) {
      assertEquals(
          Files.readString(CHECKOUT_PYTHON.resolve(f)), Files.readString(dir.resolve(f)), f);
    }
    assertEquals(
        Files.readString(CHECKOUT_PYTHON.resolve("requirements-runtime.lock")),
        Files.readString(dir.resolve(PythonPackage.LOCK_NAME)));
    try (var s = Files.list(dir.getParent())) {
      assertEquals(1, s.count(), "no temporary directory is left behind");
    }
    assertEquals(dir, PythonPackage.extract(home), "a second call reuses the copy");
  }

  @Test
  void anUnwritableCacheIsOneLineNamingIt(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    Explain4jException e =
        assertThrows(Explain4jException.class, () -> PythonPackage.extract(file.resolve("home")));
    assertTrue(e.getMessage().contains("is not writable"), e.getMessage());
    assertTrue(e.getMessage().contains("EXPLAIN4J_HOME"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void anUnwritableCacheLeavesThePackageToTheEnvironment(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    String old = System.getProperty("explain4j.home");
    try {
      System.setProperty("explain4j.home", file.resolve("home").toString());
      assertEquals(null, JepSession.extractedPackage(), "no copy: the environment's is checked");
      System.setProperty("explain4j.home", tmp.resolve("home").toString());
      assertTrue(JepSession.extractedPackage().startsWith(tmp.resolve("home")), "copied");
    } finally {
      System.setProperty("explain4j.home", old);
    }
  }

  @Test
  void theRuntimeLockInTheJarHoldsNeitherInseqNorPytest() throws Exception {
    String lock;
    try (InputStream in =
        PythonPackage.class.getResourceAsStream(
            PythonPackage.RESOURCE_ROOT + "/" + PythonPackage.LOCK_NAME)) {
      lock = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(lock.contains("\ntorch=="), "the lock pins torch");
    for (String banned : new String[] {"inseq", "pytest"}) {
      assertFalse(lock.contains("\n" + banned + "=="), banned + " is in the runtime lock");
    }
    assertEquals(64, PythonPackage.lockHash().length());
  }
}
