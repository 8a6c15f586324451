package dev.explain4j;

import dev.explain4j.internal.PyDoctor;
import dev.explain4j.internal.Runtimes;
import dev.explain4j.runtime.PythonRuntime;
import java.util.Map;

/** What {@code explain4j doctor} reports about the Python side. */
public final class Doctor {
  private Doctor() {}

  /**
   * The environment and versions of the Python side.
   *
   * @param environment the Python environment's directory
   * @param jepJava the version of Jep's Java classes
   * @param versions {@code python}, {@code jep} (native), {@code torch}, {@code transformers},
   *     {@code pyarrow}, {@code numpy}, {@code tokenizers} (each a version or {@code missing ...})
   *     and {@code device}
   */
  public record Report(String environment, String jepJava, Map<String, String> versions) {
    /** Copies the map. */
    public Report {
      versions = Map.copyOf(versions);
    }
  }

  /**
   * Starts (or reuses) the shared runtime and asks it.
   *
   * @throws Explain4jException if Python cannot be started
   */
  public static Report report() {
    PythonRuntime py = Runtimes.shared();
    return new Report(
        String.valueOf(py.environment().venv()),
        py.environment().jepVersion(),
        new PyDoctor(py).versions());
  }
}
