package dev.explain4j.spark;

import dev.explain4j.runtime.PythonEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkConf;

/**
 * What executors need to run explain4j, as Spark properties: the JVM flags of {@code jvm.options}
 * (carried in this jar), the driver's explain4j system properties, the Python environment and
 * offline settings of the driver's environment, one torch thread per executor core, explain4j's
 * classes ahead of Spark's (its Arrow version differs from Spark's), and, for a driver started
 * outside {@code spark-submit}, explain4j's jars.
 */
public final class ExecutorSettings {
  /** Environment variables passed on to executors when the driver has them. */
  static final List<String> FORWARDED_ENV =
      List.of(
          PythonEnvironment.ENV_VARIABLE,
          "EXPLAIN4J_HOME",
          "DJL_OFFLINE",
          "OPT_OUT_TRACKING",
          "RUST_FLAVOR",
          "HF_HUB_OFFLINE",
          "HF_HOME",
          "TOKENIZERS_PARALLELISM",
          "OMP_WAIT_POLICY");

  /** System properties passed on to executors when the driver has them. */
  static final List<String> FORWARDED_PROPERTIES =
      List.of("explain4j.home", "explain4j.pythonpath", "DJL_CACHE_DIR");

  private ExecutorSettings() {}

  /**
   * Adds explain4j's executor settings to {@code conf}, keeping any value already set there (extra
   * Java options are appended to). A {@code local} master needs none and gets none.
   *
   * @param shipJars whether to add explain4j's jars from this JVM's classpath to {@code spark.jars}
   *     (a driver started without {@code spark-submit --jars})
   */
  public static SparkConf apply(SparkConf conf, boolean shipJars) {
    if (conf.get("spark.master", "").startsWith("local")) {
      return conf; // local mode: tasks run in this JVM, which already has all of it
    }
    List<String> all = new ArrayList<>(jvmFlags());
    for (String name : FORWARDED_PROPERTIES) {
      String value = System.getProperty(name);
      if (value != null && !value.isBlank() && !value.contains(" ")) {
        all.add("-D" + name + "=" + value);
      }
    }
    String flags = String.join(" ", all);
    String opts = conf.get("spark.executor.extraJavaOptions", "").strip();
    if (!opts.contains(flags)) {
      conf.set("spark.executor.extraJavaOptions", (opts + " " + flags).strip());
    }
    conf.setIfMissing("spark.executor.userClassPathFirst", "true");
    // Attribution is CPU-bound and its input small: run each task on the first free executor
    // rather than wait for the one holding the shuffled records.
    conf.setIfMissing("spark.locality.wait", "0s");
    for (String name : FORWARDED_ENV) {
      String value = System.getenv(name);
      if (name.equals(PythonEnvironment.ENV_VARIABLE) && (value == null || value.isBlank())) {
        value = System.getProperty(PythonEnvironment.PROPERTY);
      }
      if (value != null && !value.isBlank()) {
        conf.setIfMissing("spark.executorEnv." + name, value);
      }
    }
    conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", conf.get("spark.executor.cores", "1"));
    if (shipJars) {
      Set<String> jars = new LinkedHashSet<>();
      for (String j : conf.get("spark.jars", "").split(",")) {
        if (!j.isBlank()) {
          jars.add(j.strip());
        }
      }
      jars.addAll(applicationJars());
      conf.set("spark.jars", String.join(",", jars));
    }
    return conf;
  }

  /** The JVM flags every explain4j JVM needs ({@code jvm.options}, copied into this jar). */
  public static List<String> jvmFlags() {
    List<String> flags = new ArrayList<>();
    for (String line : resourceLines("jvm.options")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        flags.add(l);
      }
    }
    return flags;
  }

  /**
   * explain4j's jars on this JVM's classpath: this module's, explain4j-core's and their runtime
   * dependencies (named in {@code runtime-jars.txt}, written by the build), without the SLF4J ones
   * (executors log through Spark's).
   */
  public static List<String> applicationJars() {
    Set<String> names = new LinkedHashSet<>();
    for (String line : resourceLines("runtime-jars.txt")) {
      for (String entry : line.split(":")) { // lib/NAME.jar entries (Maven's build-classpath)
        String name = entry.substring(entry.lastIndexOf('/') + 1).strip();
        if (!name.isEmpty() && !name.startsWith("slf4j-")) {
          names.add(name);
        }
      }
    }
    Map<String, String> out = new LinkedHashMap<>(); // by file name: Spark ships one jar per name
    for (Class<?> c : List.of(ExecutorSettings.class, dev.explain4j.model.Model.class)) {
      Path jar = jarOf(c);
      if (jar != null) {
        out.putIfAbsent(jar.getFileName().toString(), jar.toString());
      }
    }
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (p.getFileName() != null
          && names.contains(p.getFileName().toString())
          && Files.isRegularFile(p)) {
        out.putIfAbsent(p.getFileName().toString(), p.toAbsolutePath().toString());
      }
    }
    return List.copyOf(out.values());
  }

  private static Path jarOf(Class<?> c) {
    CodeSource src = c.getProtectionDomain().getCodeSource();
    if (src == null) {
      return null;
    }
    try {
      Path p = Path.of(src.getLocation().toURI());
      if (Files.isDirectory(p)) {
        return ClassesJar.of(p); // classes not yet packaged (tests, an IDE)
      }
      return Files.isRegularFile(p) ? p : null;
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  private static List<String> resourceLines(String name) {
    try (InputStream in = ExecutorSettings.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            name + " is missing from explain4j-spark's jar; rebuild it with Maven");
      }
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        return r.lines().toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
