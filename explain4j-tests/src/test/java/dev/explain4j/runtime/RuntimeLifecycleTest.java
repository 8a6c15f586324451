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

class RuntimeLifecycleTest {
  @Test
  void wrongEnvironmentPathIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-venv");
    Explain4jException e =
        assertThrows(Explain4jException.class, () -> PythonEnvironment.at(missing, "test"));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void environmentWithoutJepIsNamed(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("pyvenv.cfg"), "home = /usr/bin\nversion_info = 3.11.7\n");
    Explain4jException e =
        assertThrows(Explain4jException.class, () -> PythonEnvironment.at(dir, "test"));
    assertTrue(e.getMessage().contains("Jep is not installed"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  @Test
  void configRejectsTinyStacks() {
    assertThrows(IllegalArgumentException.class, () -> new RuntimeConfig(null, 1000));
  }

  @Test
  @Tag("python")
  void closeIsIdempotentAndReopenWorks() {
    PythonRuntime first = PythonRuntime.shared();
    assertEquals(2L, first.eval("1 + 1"));
    assertThrows(Explain4jException.class, PythonRuntime::open, "second open while one is open");
    first.close();
    first.close();
    assertTrue(first.isClosed());
    Explain4jException closed = assertThrows(Explain4jException.class, () -> first.eval("1"));
    assertTrue(closed.getMessage().contains("closed"));
    for (int i = 0; i < 3; i++) {
      try (PythonRuntime again = PythonRuntime.open()) {
        assertEquals(6L, again.call("explain4j_testing.bridge.add", 2, 4));
        assertEquals(again.environment().venv(), first.environment().venv());
      }
    }
    assertEquals(4L, PythonRuntime.shared().eval("2 + 2"));
  }

  @Test
  @Tag("python")
  void anotherEnvironmentInTheSameJvmIsRefused(@TempDir Path dir) throws Exception {
    PythonEnvironment real = PythonRuntime.shared().environment();
    Path fake = dir.resolve("venv");
    Path jep = fake.resolve("lib/python3.11/site-packages/jep");
    Files.createDirectories(jep);
    Files.writeString(
        fake.resolve("pyvenv.cfg"), Files.readString(real.venv().resolve("pyvenv.cfg")));
    Files.writeString(jep.resolve("libjep.so"), "");
    Files.writeString(jep.resolve("version.py"), "__VERSION__ = '4.3.1'\n");
    PythonRuntime.shared().close();
    Explain4jException e =
        assertThrows(
            Explain4jException.class,
            () -> PythonRuntime.open(RuntimeConfig.withEnvironment(fake)));
    assertTrue(e.getMessage().contains(fake.toString()), e.getMessage());
    assertEquals(1L, PythonRuntime.shared().eval("1"));
  }
}
