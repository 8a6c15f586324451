package dev.explain4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Python's SystemExit and the other BaseExceptions that are not Exceptions fail the call, not the
 * JVM. Tagged "fork": if one does end the JVM, only this class's own forked JVM dies.
 */
@Tag("python")
@Tag("fork")
class PythonExitTest {
  private final PythonRuntime py = PythonRuntime.shared();

  private PythonException assertPythonError(String type, Executable call) {
    PythonException e = assertThrows(PythonException.class, call);
    assertEquals(type, e.pythonType(), e.getMessage());
    assertEquals(5L, py.call("explain4j_testing.bridge.add", 2, 3), "runtime usable after " + type);
    return e;
  }

  @Test
  void sysExitInACallFailsTheCallOnly() {
    PythonException e = assertPythonError("SystemExit", () -> py.call("sys.exit", 3));
    assertTrue(e.pythonMessage().contains("code 3"), e.pythonMessage());
    assertTrue(e.getMessage().startsWith("SystemExit: "), e.getMessage());
  }

  @Test
  void sysExitThroughExecAndEvalFailsTheCallOnly() {
    PythonException ex =
        assertPythonError("SystemExit", () -> py.exec("import sys\nsys.exit('bye')"));
    assertTrue(ex.pythonMessage().contains("'bye'"), ex.pythonMessage());
    PythonException ev = assertPythonError("SystemExit", () -> py.eval("__import__('sys').exit()"));
    assertTrue(ev.pythonMessage().contains("code None"), ev.pythonMessage());
    py.exec("class _MyExit(SystemExit):\n    pass");
    assertPythonError("__explain4j__._MyExit", () -> py.exec("raise _MyExit(9)"));
  }

  @Test
  void sysExitThroughJepsOwnCopyPathFailsTheCallOnly() {
    PythonException e =
        assertPythonError(
            "SystemExit", () -> JepCopyAccess.floats(py, "__import__('sys').exit(6)"));
    assertTrue(e.pythonMessage().contains("code 6"), e.pythonMessage());
  }

  @Test
  void keyboardInterruptAndGeneratorExitAreErrorsToo() {
    assertPythonError("KeyboardInterrupt", () -> py.exec("raise KeyboardInterrupt('ctrl-c')"));
    assertPythonError("GeneratorExit", () -> py.exec("raise GeneratorExit"));
    py.exec("class _Base(BaseException):\n    pass");
    PythonException e =
        assertPythonError("__explain4j__._Base", () -> py.exec("raise _Base('odd')"));
    assertEquals("odd", e.pythonMessage());
  }
}
