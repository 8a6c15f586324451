package dev.explain4j.runtime;

/**
 * Hears the progress of provisioning a Python environment (see {@link RuntimeConfig#withListener}).
 * Every event is also logged through SLF4J at info level (logger {@code
 * dev.explain4j.runtime.Provisioner}).
 */
@FunctionalInterface
public interface ProvisionListener {
  /**
   * One step of provisioning, in order: {@code start}, {@code uv}, {@code venv}, {@code packages},
   * {@code jep}, {@code model}, {@code done} (only those that run).
   *
   * @param step the step's name
   * @param message what it is doing, in one line
   */
  void onProgress(String step, String message);
}
