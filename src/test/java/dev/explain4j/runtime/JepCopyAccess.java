package dev.explain4j.runtime;

/**
 * Test-scope door to the runtime's internal Jep copy path, so the benchmark in {@code
 * dev.explain4j.bench} can compare against it. No Jep type leaves the runtime package.
 */
public final class JepCopyAccess {
  private JepCopyAccess() {}

  /** Jep's own copy of the float32 numpy array {@code expression} yields into a Java array. */
  public static float[] floats(PythonRuntime runtime, String expression) {
    return runtime.evalFloatArrayViaJep(expression);
  }
}
