package dev.explain4j.internal;

import dev.explain4j.runtime.DefaultModel;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Path;

/** Where library code gets the runtime when the caller gave none: the JVM's shared runtime. */
public final class Runtimes {
  private Runtimes() {}

  /** {@link PythonRuntime#shared()}: the open runtime, opened with the defaults if none is. */
  public static PythonRuntime shared() {
    return PythonRuntime.shared();
  }

  /** {@link DefaultModel#ensure}: the default model's directory, converted once if missing. */
  public static Path defaultModel(PythonRuntime runtime) {
    return DefaultModel.ensure(runtime);
  }
}
