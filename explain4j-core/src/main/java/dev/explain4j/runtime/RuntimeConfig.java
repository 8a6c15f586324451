package dev.explain4j.runtime;

import java.nio.file.Path;

/**
 * How to start the {@link PythonRuntime}.
 *
 * @param environment the Python environment to use, or {@code null} to locate it (see {@link
 *     PythonEnvironment#locate})
 * @param interpreterStackBytes stack size of the interpreter thread; deep Python stacks need more
 *     than the JVM default
 */
public record RuntimeConfig(Path environment, long interpreterStackBytes) {
  private static final long DEFAULT_STACK = 64L << 20;

  public RuntimeConfig {
    if (interpreterStackBytes < (1L << 20)) {
      throw new IllegalArgumentException(
          "interpreterStackBytes must be at least 1 MiB, got " + interpreterStackBytes);
    }
  }

  /** Locate the environment automatically, 64 MiB interpreter stack. */
  public static RuntimeConfig defaults() {
    return new RuntimeConfig(null, DEFAULT_STACK);
  }

  /** The defaults, with an explicit environment (a venv directory or its python executable). */
  public static RuntimeConfig withEnvironment(Path environment) {
    return new RuntimeConfig(environment, DEFAULT_STACK);
  }
}
