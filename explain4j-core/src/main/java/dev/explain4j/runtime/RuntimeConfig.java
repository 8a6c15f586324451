package dev.explain4j.runtime;

import java.nio.file.Path;

/**
 * How to start the {@link PythonRuntime} and where its Python environment comes from.
 *
 * @param environment the Python environment to use, or {@code null} to locate it (see {@link
 *     PythonEnvironment#locate(RuntimeConfig)})
 * @param interpreterStackBytes stack size of the interpreter thread; deep Python stacks need more
 *     than the JVM default
 * @param provision whether an environment may be built in explain4j's cache when none is found
 *     (default: true unless {@code -Dexplain4j.provision=false} or {@code
 *     EXPLAIN4J_PROVISION=false})
 * @param wheelDirectory a directory of wheels to provision from offline, or {@code null} (default:
 *     {@code -Dexplain4j.wheels}, then {@code EXPLAIN4J_WHEELS})
 * @param listener hears provisioning progress, or {@code null}; SLF4J logs it either way
 */
public record RuntimeConfig(
    Path environment,
    long interpreterStackBytes,
    boolean provision,
    Path wheelDirectory,
    ProvisionListener listener) {
  private static final long DEFAULT_STACK = 64L << 20;

  /** Property (and, upper-cased with {@code _}, environment variable) that turns provision off. */
  public static final String PROVISION_PROPERTY = "explain4j.provision";

  /** Property naming a wheel directory for offline provisioning ({@code EXPLAIN4J_WHEELS}). */
  public static final String WHEELS_PROPERTY = "explain4j.wheels";

  public RuntimeConfig {
    if (interpreterStackBytes < (1L << 20)) {
      throw new IllegalArgumentException(
          "interpreterStackBytes must be at least 1 MiB, got " + interpreterStackBytes);
    }
  }

  /** An explicit environment (or {@code null}) and stack size; provisioning from the defaults. */
  public RuntimeConfig(Path environment, long interpreterStackBytes) {
    this(environment, interpreterStackBytes, provisionDefault(), wheelsDefault(), null);
  }

  /** Locate the environment automatically, 64 MiB interpreter stack, provisioning as configured. */
  public static RuntimeConfig defaults() {
    return new RuntimeConfig(null, DEFAULT_STACK);
  }

  /** The defaults, with an explicit environment (a venv directory or its python executable). */
  public static RuntimeConfig withEnvironment(Path environment) {
    return new RuntimeConfig(environment, DEFAULT_STACK);
  }

  /** This configuration, reporting provisioning progress to {@code listener}. */
  public RuntimeConfig withListener(ProvisionListener listener) {
    return new RuntimeConfig(
        environment, interpreterStackBytes, provision, wheelDirectory, listener);
  }

  /** This configuration, provisioning offline from the wheels in {@code dir}. */
  public RuntimeConfig withWheelDirectory(Path dir) {
    return new RuntimeConfig(environment, interpreterStackBytes, provision, dir, listener);
  }

  /** This configuration, with provisioning on or off. */
  public RuntimeConfig withProvisioning(boolean on) {
    return new RuntimeConfig(environment, interpreterStackBytes, on, wheelDirectory, listener);
  }

  static String setting(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(property.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
    }
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static boolean provisionDefault() {
    return !"false".equalsIgnoreCase(setting(PROVISION_PROPERTY));
  }

  private static Path wheelsDefault() {
    String dir = setting(WHEELS_PROPERTY);
    return dir == null ? null : Path.of(dir);
  }
}
