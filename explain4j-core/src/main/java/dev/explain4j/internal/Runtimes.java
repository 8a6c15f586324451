package dev.explain4j.internal;

import dev.explain4j.runtime.PythonRuntime;

/** Where library code gets the runtime when the caller gave none: the JVM's shared runtime. */
public final class Runtimes {
  private Runtimes() {}

  /** {@link PythonRuntime#shared()}: the open runtime, opened with the defaults if none is. */
  public static PythonRuntime shared() {
    return PythonRuntime.shared();
  }
}
