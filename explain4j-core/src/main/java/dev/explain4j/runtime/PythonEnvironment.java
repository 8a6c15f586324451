package dev.explain4j.runtime;

import dev.explain4j.Explain4jException;
import dev.explain4j.Explain4jHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python virtual environment with Jep, made by {@code bin/setup} or provisioned by explain4j in
 * its cache: where its interpreter, packages and Jep's native library live.
 *
 * @param venv the environment's root directory (holds {@code pyvenv.cfg})
 * @param pythonHome the base interpreter's prefix, used as {@code PYTHONHOME}
 * @param pythonVersion for example {@code 3.11.7}
 * @param sitePackages the environment's {@code site-packages}
 * @param jepLibrary Jep's native library inside the environment
 * @param jepVersion the version of the Jep Python package built into the environment
 */
public record PythonEnvironment(
    Path venv,
    Path pythonHome,
    String pythonVersion,
    Path sitePackages,
    Path jepLibrary,
    String jepVersion) {

  /** Environment variable naming the environment (a venv directory or its python executable). */
  public static final String ENV_VARIABLE = "EXPLAIN4J_PYTHON";

  /** System property naming the environment; set by {@code bin/explain4j} and the test build. */
  public static final String PROPERTY = "explain4j.python";

  private static final Pattern VERSION = Pattern.compile("__VERSION__\\s*=\\s*['\"]([^'\"]+)");

  /**
   * Finds the environment as {@link #locate(RuntimeConfig)} does, with {@code explicit} (or {@code
   * null}) as the configured one.
   */
  public static PythonEnvironment locate(Path explicit) {
    return locate(
        explicit == null ? RuntimeConfig.defaults() : RuntimeConfig.withEnvironment(explicit));
  }

  /**
   * Finds the environment, in order: {@code config.environment()}; {@value #ENV_VARIABLE}; the
   * {@value #PROPERTY} system property; a {@code .venv} made by {@code bin/setup} in the working
   * directory or a parent; the environment explain4j provisioned earlier in its cache ({@code
   * <explain4j home>/envs/<runtime lock hash>}). If none is found and {@code config.provision()},
   * provisions one there (see the README: a base Python 3.10-3.13 with a shared libpython, a C
   * compiler, the JDK's headers, and PyPI or a wheel directory), reporting progress to {@code
   * config.listener()} and SLF4J.
   *
   * @throws Explain4jException in one line naming what is missing when no usable environment is
   *     found or provisioning fails
   */
  public static PythonEnvironment locate(RuntimeConfig config) {
    if (config.environment() != null) {
      return at(config.environment(), "the configured environment");
    }
    String fromEnv = System.getenv(ENV_VARIABLE);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return at(Path.of(fromEnv), ENV_VARIABLE);
    }
    String fromProperty = System.getProperty(PROPERTY);
    if (fromProperty != null && !fromProperty.isBlank()) {
      return at(Path.of(fromProperty), "-D" + PROPERTY);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(".venv/.explain4j-stamp.json"))) {
        return at(dir.resolve(".venv"), "the project's .venv");
      }
    }
    Path home = Explain4jHome.dir();
    Path cached = Provisioner.cached(home);
    if (cached != null) {
      return at(cached, "explain4j's cache");
    }
    if (!config.provision()) {
      throw new Explain4jException(
          "no Python environment found and provisioning is off ("
              + RuntimeConfig.PROVISION_PROPERTY
              + "=false): set "
              + ENV_VARIABLE
              + " to an environment, or pass one with RuntimeConfig.withEnvironment");
    }
    return at(Provisioner.provision(home, config, null), "explain4j's cache");
  }

  /** Reads the environment at {@code path}: a venv directory or the python executable inside it. */
  public static PythonEnvironment at(Path path, String source) {
    Path venv = path.toAbsolutePath().normalize();
    if (Files.isRegularFile(venv) && venv.getParent() != null) {
      venv = venv.getParent().getParent();
    }
    Path cfg = venv.resolve("pyvenv.cfg");
    if (!Files.isRegularFile(cfg)) {
      throw new Explain4jException(
          "no Python environment at "
              + path
              + " (from "
              + source
              + "): pyvenv.cfg is missing; run bin/setup or point "
              + ENV_VARIABLE
              + " at the environment it made");
    }
    Map<String, String> conf = readConfig(cfg);
    String home = conf.get("home");
    String version = conf.getOrDefault("version_info", conf.get("version"));
    if (home == null || version == null) {
      throw new Explain4jException(
          cfg + " names no base interpreter (home/version); re-run bin/setup");
    }
    String minor = version.replaceAll("^(\\d+\\.\\d+).*", "$1");
    Path site = venv.resolve("lib/python" + minor + "/site-packages");
    Path lib = site.resolve("jep/libjep.so");
    if (!Files.isRegularFile(lib)) {
      throw new Explain4jException(
          "Jep is not installed in the Python environment at "
              + venv
              + " (no "
              + lib
              + "); run bin/setup");
    }
    String jepVersion = readJepVersion(site.resolve("jep/version.py")).orElse("unknown");
    Path pythonHome = Path.of(home).getParent();
    return new PythonEnvironment(venv, pythonHome, version, site, lib, jepVersion);
  }

  private static Map<String, String> readConfig(Path cfg) {
    Map<String, String> conf = new HashMap<>();
    try {
      for (String line : Files.readAllLines(cfg)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          conf.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
      }
    } catch (IOException e) {
      throw new Explain4jException("cannot read " + cfg + ": " + e.getMessage(), e);
    }
    return conf;
  }

  private static Optional<String> readJepVersion(Path versionFile) {
    try {
      Matcher m = VERSION.matcher(Files.readString(versionFile));
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The python executable of this environment. */
  public Path pythonExecutable() {
    return venv.resolve("bin/python");
  }
}
