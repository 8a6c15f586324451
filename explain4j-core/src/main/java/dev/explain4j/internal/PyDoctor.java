package dev.explain4j.internal;

import dev.explain4j.runtime.PythonRuntime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Python module {@code explain4j.doctor}: versions of the Python side and the device. */
public final class PyDoctor {
  private static final String M = "explain4j.doctor.";
  private final PythonRuntime runtime;

  public PyDoctor(PythonRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /** {@code versions()}: package name (and {@code python}, {@code device}) to version text. */
  public Map<String, String> versions() {
    Map<String, String> out = new LinkedHashMap<>();
    new PyMap(runtime.call(M + "versions"), "versions")
        .entries()
        .forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }
}
