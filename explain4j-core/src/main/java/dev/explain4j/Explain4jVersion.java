package dev.explain4j;

import dev.explain4j.runtime.PythonPackage;

/** The version of explain4j-core on the classpath, as its build recorded it. */
public final class Explain4jVersion {
  private Explain4jVersion() {}

  /** The Maven version, for example {@code 0.1.0-SNAPSHOT}. */
  public static String maven() {
    return PythonPackage.version();
  }

  /** The matching version of the Python package, for example {@code 0.1.0.dev0}. */
  public static String python() {
    return PythonPackage.pythonVersion();
  }
}
