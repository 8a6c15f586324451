package dev.explain4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: a master and workers started as child JVMs
 * from a Spark home ({@code -Dexplain4j.sparkHome}, set by the build, or {@code SPARK_HOME}), each
 * with one core. {@link #close} kills every process it started, executors included, and a shutdown
 * hook does the same if the test JVM ends first.
 */
final class LocalSparkCluster implements AutoCloseable {
  private static final Pattern MASTER_URL =
      Pattern.compile("Starting Spark master at (spark://\\S+)");
  private static final Duration START = Duration.ofSeconds(90);
  private final Path home;
  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();
  private final Thread hook = new Thread(this::killAll, "spark-cluster-cleanup");
  private String masterUrl;

  private LocalSparkCluster(Path home, Path dir) {
    this.home = home;
    this.dir = dir;
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The Spark home the tests use. */
  static Path sparkHome() {
    String prop = System.getProperty("explain4j.sparkHome");
    String home = prop != null && !prop.isBlank() ? prop : System.getenv("SPARK_HOME");
    if (home == null || !Files.isDirectory(Path.of(home, "jars"))) {
      throw new IllegalStateException(
          "no Spark home with jars/ (set -Dexplain4j.sparkHome or SPARK_HOME): " + home);
    }
    return Path.of(home);
  }

  /** Starts a master and {@code workers} workers, logging under {@code dir}. */
  static LocalSparkCluster start(Path dir, int workers) throws IOException, InterruptedException {
    LocalSparkCluster c = new LocalSparkCluster(sparkHome(), dir);
    try {
      Files.createDirectories(dir);
      Path log = dir.resolve("master.log");
      c.launch(
          log,
          "-Dspark.master.rest.enabled=false",
          "org.apache.spark.deploy.master.Master",
          "--host",
          "127.0.0.1",
          "--port",
          "0",
          "--webui-port",
          "0");
      Matcher m = c.await(log, MASTER_URL);
      c.masterUrl = m.group(1);
      for (int i = 0; i < workers; i++) {
        c.addWorker();
      }
      return c;
    } catch (IOException | InterruptedException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  String masterUrl() {
    return masterUrl;
  }

  /** Starts one more worker (one core, 2 GiB for executors) and waits until it has registered. */
  void addWorker() throws IOException, InterruptedException {
    int n = workers.size() + 1;
    Path work = Files.createDirectories(dir.resolve("worker" + n));
    Path log = dir.resolve("worker" + n + ".log");
    workers.add(
        launch(
            log,
            "-Dspark.worker.cleanup.enabled=false",
            "org.apache.spark.deploy.worker.Worker",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--webui-port",
            "0",
            "--cores",
            "1",
            "--memory",
            "2g",
            "--work-dir",
            work.toString(),
            masterUrl));
    await(log, Pattern.compile("Successfully registered with master"));
  }

  /** The executor JVMs the workers run now. */
  List<ProcessHandle> executors() {
    List<ProcessHandle> out = new ArrayList<>();
    for (Process w : workers) {
      w.descendants()
          .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
          .forEach(out::add);
    }
    return out;
  }

  /** Kills the executor JVM with this Spark executor id, as a lost machine would end it. */
  boolean killExecutor(String executorId) {
    for (ProcessHandle p : executors()) {
      if (p.info().commandLine().orElse("").contains("--executor-id " + executorId + " ")) {
        return p.destroyForcibly();
      }
    }
    return false;
  }

  /** Every executor's stderr under the workers' work directories. */
  List<Path> executorLogs() throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().equals("stderr")).toList();
    }
  }

  private Process launch(Path log, String property, String mainClass, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx256m", property, "-cp", home.resolve("jars") + "/*", mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private Matcher await(Path log, Pattern line) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        Matcher m = line.matcher(Files.readString(log));
        if (m.find()) {
          return m;
        }
      }
      Optional<Process> dead = processes.stream().filter(p -> !p.isAlive()).findFirst();
      if (dead.isPresent()) {
        throw new IllegalStateException("a Spark daemon exited; see " + log + ":\n" + tail(log));
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "no '" + line + "' in " + log + " after " + START + ":\n" + tail(log));
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  private void killAll() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down and the hook runs anyway
    }
  }
}
