package dev.explain4j.runtime;

import dev.explain4j.Explain4jException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a Python environment in explain4j's cache by running the provisioner that travels in the
 * jar ({@code python -m explain4j.tools.provision}, the code {@code bin/setup} uses) with a base
 * Python, and turns its progress lines into SLF4J logs and {@link ProvisionListener} calls.
 */
final class Provisioner {
  private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);
  static final String BASE_PYTHON_PROPERTY = "explain4j.basePython";
  static final String BASE_PYTHON_VARIABLE = "EXPLAIN4J_BASE_PYTHON";
  static final String STAMP = ".explain4j-env.json";
  private static final List<String> CANDIDATES =
      List.of("python3", "python3.13", "python3.12", "python3.11", "python3.10");
  private static final Pattern FIELD = Pattern.compile("\"(lock|jep)\":\\s*\"([^\"]*)\"");

  private Provisioner() {}

  /** Where the environment for the jar's runtime lock lives: {@code <home>/envs/<lock hash>}. */
  static Path environmentDir(Path home) {
    return home.resolve("envs").resolve(PythonPackage.lockHash().substring(0, 16));
  }

  /** The cache's complete environment for this jar's lock and Jep, if one is there. */
  static Path cached(Path home) {
    Path venv = environmentDir(home);
    try {
      Matcher m = FIELD.matcher(Files.readString(venv.resolve(STAMP)));
      String lock = null;
      String jep = null;
      while (m.find()) {
        if (m.group(1).equals("lock")) {
          lock = m.group(2);
        } else {
          jep = m.group(2);
        }
      }
      boolean complete =
          PythonPackage.lockHash().equals(lock)
              && PythonPackage.jepVersion().equals(jep)
              && Files.isRegularFile(venv.resolve("pyvenv.cfg"));
      return complete ? venv : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Runs the provisioner and returns what it made: the environment, or with {@code modelVenv} the
   * default model's directory, converted with that environment.
   *
   * @throws Explain4jException with the provisioner's one-line reason when it fails
   */
  static Path provision(Path home, RuntimeConfig config, Path modelVenv) {
    Path pkg = PythonPackage.extract(home);
    List<String> pythons = basePythons();
    List<String> args = new ArrayList<>(List.of("-s", "-m", "explain4j.tools.provision"));
    args.addAll(List.of("--events", "--home", home.toString(), "--package", pkg.toString()));
    args.addAll(List.of("--lock", pkg.resolve(PythonPackage.LOCK_NAME).toString()));
    if (config.wheelDirectory() != null) {
      args.addAll(List.of("--wheels", config.wheelDirectory().toAbsolutePath().toString()));
    }
    if (modelVenv != null) {
      args.addAll(List.of("--model", "--venv", modelVenv.toString()));
    }
    for (String p : pythons) {
      args.addAll(List.of("--python", p));
    }
    String failure = null;
    for (String launcher : pythons) {
      LOG.info(
          modelVenv != null
              ? "explain4j: converting the default model into {} with {}"
              : "explain4j: no Python environment found; provisioning one in {} with {}",
          home,
          launcher);
      Result r = run(launcher, args, home, pkg, config.listener());
      if (r.ready != null) {
        return Path.of(r.ready);
      }
      if (r.error != null) {
        throw new Explain4jException("explain4j could not provision Python: " + r.error);
      }
      failure = failure != null ? failure : launcher + " did not run the provisioner";
    }
    throw new Explain4jException(
        "no base Python 3.10-3.13 with a shared libpython could run ("
            + failure
            + "); install one or set "
            + BASE_PYTHON_VARIABLE
            + " (-D"
            + BASE_PYTHON_PROPERTY
            + ")");
  }

  private record Result(String ready, String error) {}

  private static Result run(
      String python, List<String> args, Path home, Path pkg, ProvisionListener listener) {
    List<String> cmd = new ArrayList<>();
    cmd.add(python);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("PYTHONPATH", pkg.toString());
    pb.environment().put("EXPLAIN4J_HOME", home.toString());
    pb.environment().remove("PYTHONHOME");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return new Result(null, null);
    }
    String ready = null;
    String error = null;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        String[] f = line.split("\t", 4);
        if (f.length < 4 || !f[0].equals("E4J")) {
          LOG.debug("provisioner: {}", line);
        } else if (f[1].equals("progress")) {
          LOG.info("explain4j provisioning [{}]: {}", f[2], f[3]);
          notify(listener, f[2], f[3]);
        } else if (f[1].equals("ready")) {
          ready = f[3];
        } else if (f[1].equals("error")) {
          error = f[3];
        }
      }
      process.waitFor();
    } catch (IOException e) {
      error = "reading the provisioner's output failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Explain4jException("interrupted while provisioning Python", e);
    } finally {
      process.destroy();
    }
    return new Result(ready, error);
  }

  private static void notify(ProvisionListener listener, String step, String message) {
    if (listener != null) {
      try {
        listener.onProgress(step, message);
      } catch (RuntimeException e) {
        LOG.warn("a ProvisionListener failed on step {}: {}", step, e.toString());
      }
    }
  }

  /** The base Python candidates: the configured one, else those of {@link #CANDIDATES} on PATH. */
  static List<String> basePythons() {
    String explicit = System.getProperty(BASE_PYTHON_PROPERTY);
    if (explicit == null || explicit.isBlank()) {
      explicit = System.getenv(BASE_PYTHON_VARIABLE);
    }
    if (explicit != null && !explicit.isBlank()) {
      return List.of(explicit.strip());
    }
    List<String> found = new ArrayList<>();
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : CANDIDATES) {
      for (String dir : path.split(File.pathSeparator)) {
        Path exe = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isRegularFile(exe) && Files.isExecutable(exe)) {
          found.add(exe.toAbsolutePath().toString());
          break;
        }
      }
    }
    if (found.isEmpty()) {
      throw new Explain4jException(
          "no base Python 3.10-3.13 with a shared libpython: none of "
              + String.join(", ", CANDIDATES)
              + " is on PATH; install one or set "
              + BASE_PYTHON_VARIABLE
              + " (-D"
              + BASE_PYTHON_PROPERTY
              + ")");
    }
    return found;
  }

  /** One line for a cache directory that cannot be written. */
  static String notWritable(Path dir, IOException e) {
    String why = e.getClass().getSimpleName().replace("Exception", "").toLowerCase(Locale.ROOT);
    return "the cache directory "
        + dir
        + " is not writable ("
        + why
        + ": "
        + e.getMessage()
        + "); set EXPLAIN4J_HOME or -Dexplain4j.home to a writable directory";
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not delete {}: {}", dir, e.toString());
    }
  }
}
