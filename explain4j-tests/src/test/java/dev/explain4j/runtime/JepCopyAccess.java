package dev.explain4j.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jep.JepException;
import jep.NDArray;
import jep.SharedInterpreter;

/**
 * Test-scope copy path for the benchmarks in {@code dev.explain4j.bench}: Jep's own conversion of a
 * float32 numpy array into a Java array, for comparison with the zero-copy bridge. It runs on its
 * own daemon thread with its own {@link SharedInterpreter}, which shares modules and {@code
 * sys.path} with the runtime's interpreter (the runtime must be open first). Nothing in {@code
 * src/main} serves it.
 */
public final class JepCopyAccess {
  private static final ExecutorService THREAD =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "jep-copy-bench");
            t.setDaemon(true);
            return t;
          });
  private static SharedInterpreter interp;

  private JepCopyAccess() {}

  /** Jep's own copy of the float32 numpy array {@code expression} yields into a Java array. */
  public static float[] floats(PythonRuntime runtime, String expression) {
    runtime.call("explain4j._jep.handle_count"); // the runtime is open and Python is started
    try {
      return THREAD.submit(() -> evaluate(expression)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  private static float[] evaluate(String expression) {
    if (interp == null) {
      interp = new SharedInterpreter();
      interp.exec("from explain4j._jep import eval_value as _ev, take_error as _te");
    }
    try {
      return (float[]) ((NDArray<?>) interp.invoke("_ev", expression)).getData();
    } catch (JepException e) {
      Object err = interp.invoke("_te");
      if (err instanceof Map<?, ?> m) {
        throw new PythonException(
            String.valueOf(m.get("type")),
            String.valueOf(m.get("message")),
            List.of(),
            String.valueOf(m.get("traceback")));
      }
      throw new PythonException("JepException", String.valueOf(e.getMessage()), List.of(), "");
    }
  }
}
