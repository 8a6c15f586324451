package dev.explain4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.internal.ModelAccess;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonException;
import dev.explain4j.runtime.PythonRuntime;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A forward hook that calls sys.exit during a forward pass fails that pass, not the JVM. Tagged
 * "fork": if it does end the JVM, only this class's own forked JVM dies.
 */
@Tag("python")
@Tag("fork")
class HookExitTest {
  @Test
  void sysExitInAForwardHookFailsTheForwardPassOnly() {
    PythonRuntime py = PythonRuntime.shared();
    try (Model gpt2 = TinyModels.load(TinyModels.GPT2)) {
      String mlp = "transformer.h.1.mlp";
      PyHandle hook =
          (PyHandle)
              py.call(
                  "explain4j_testing.models.exit_in_forward_hook",
                  ModelAccess.handle(gpt2),
                  mlp,
                  4);
      try (HookScope scope = gpt2.hooks().forward(mlp).output().open()) {
        PythonException e = assertThrows(PythonException.class, () -> gpt2.forward("hello"));
        assertEquals("SystemExit", e.pythonType(), e.getMessage());
        assertTrue(e.pythonMessage().contains("code 4"), e.pythonMessage());
        assertEquals("hook", e.frames().get(e.frames().size() - 1).function());
      } finally {
        py.call("explain4j_testing.models.remove_hook", hook);
        hook.close();
      }
      try (HookScope scope = gpt2.hooks().forward(mlp).output().open()) {
        gpt2.forward("hello");
        assertEquals(1, scope.captured(mlp, HookDirection.FORWARD, HookTarget.OUTPUT).size());
      }
      TinyModels.assertRuntimeUsable(gpt2);
    }
  }
}
