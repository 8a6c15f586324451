package dev.explain4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of explain4j-core on the classpath, as its build recorded it (with the Jep it was
 * built for), and the one rule that maps it to the Python package's version.
 */
public final class Explain4jVersion {
  private static final String RESOURCE = "/dev/explain4j/runtime/explain4j.properties";
  private static final Properties BUILD = read();

  private Explain4jVersion() {}

  /** The Maven version, for example {@code 0.1.0-SNAPSHOT}; {@code unknown} outside a build. */
  public static String maven() {
    return BUILD.getProperty("version", "unknown");
  }

  /** The org.ninia:jep version this jar was built against; {@code unknown} outside a build. */
  public static String jep() {
    return BUILD.getProperty("jep", "unknown");
  }

  /** The matching version of the Python package, for example {@code 0.1.0.dev0}. */
  public static String python() {
    return pythonOf(maven());
  }

  /**
   * The Python (PEP 440) version matching a Maven version: {@code -SNAPSHOT} becomes {@code .dev0},
   * anything else is unchanged.
   */
  public static String pythonOf(String mavenVersion) {
    return mavenVersion.endsWith("-SNAPSHOT")
        ? mavenVersion.substring(0, mavenVersion.length() - "-SNAPSHOT".length()) + ".dev0"
        : mavenVersion;
  }

  private static Properties read() {
    Properties p = new Properties();
    try (InputStream in = Explain4jVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
