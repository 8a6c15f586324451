package dev.explain4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provisioning from Java, in child JVMs with no explain4j settings (no EXPLAIN4J_PYTHON, no
 * explain4j.python or explain4j.pythonpath, a working directory outside the checkout) and an empty
 * cache directory. Only uv's download cache is shared ({@code UV_CACHE_DIR}), and uv itself when
 * bin/setup installed it ({@code EXPLAIN4J_UV}), so nothing big is downloaded.
 */
@Tag("python")
@Tag("provision")
class ProvisioningTest {
  private static final Path USER_CACHE =
      Path.of(System.getProperty("user.home"), ".cache", "explain4j");
  private static final Path GPT2 = Path.of("tests/fixtures/tiny-models/gpt2").toAbsolutePath();

  @Test
  void provisionsFromNothingRunsAnAttributionAndTheSecondRunIsANoOp(@TempDir Path tmp)
      throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    long t0 = System.nanoTime();
    Child first = child(tmp, home, Map.of(), "attribute", GPT2.toString());
    long firstSeconds = (System.nanoTime() - t0) / 1_000_000_000;
    assertEquals(0, first.exit, first.output);
    List<String> steps = first.all("STEP");
    assertTrue(steps.stream().anyMatch(s -> s.startsWith("packages\t")), first.output);
    assertTrue(steps.stream().anyMatch(s -> s.startsWith("jep\t")), first.output);
    Path venv = Path.of(first.one("ENV"));
    assertEquals(home.resolve("envs"), venv.getParent(), "the environment is in the cache");
    assertTrue(Files.isRegularFile(venv.resolve(Provisioner.STAMP)), "stamp written");
    assertTrue(first.one("PYFILE").startsWith(home.resolve("python").toString()), first.output);
    assertEquals(PythonPackage.pythonVersion(), first.one("PYVERSION"));
    assertEquals("inseq,pytest", first.one("ABSENT"), "the runtime holds neither");
    assertEquals("2", first.one("STEPS"), first.output);
    Path site = PythonEnvironment.at(venv, "test").sitePackages();
    try (var names = Files.list(site)) {
      List<String> banned =
          names
              .map(p -> p.getFileName().toString().toLowerCase())
              .filter(n -> n.startsWith("inseq") || n.startsWith("pytest"))
              .toList();
      assertEquals(List.of(), banned, "site-packages of " + venv);
    }

    long t1 = System.nanoTime();
    Child second = child(tmp, home, Map.of(), "attribute", GPT2.toString());
    long secondSeconds = (System.nanoTime() - t1) / 1_000_000_000;
    assertEquals(0, second.exit, second.output);
    assertEquals(List.of(), second.all("STEP"), "nothing is provisioned again");
    assertEquals(venv.toString(), second.one("ENV"));
    long locateMs = Long.parseLong(second.one("LOCATE_MS"));
    assertTrue(locateMs < 1000, "finding the provisioned environment took " + locateMs + " ms");
    System.out.printf(
        "provisioning run %d s, second run %d s (finding the environment %d ms)%n",
        firstSeconds, secondSeconds, locateMs);
  }

  @Test
  void noNetworkAndNoWheelDirectoryIsOneLine(@TempDir Path tmp) throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Map<String, String> offline =
        Map.of("UV_OFFLINE", "1", "UV_CACHE_DIR", tmp.resolve("empty-uv-cache").toString());
    Child c = child(tmp, home, offline, "locate");
    assertEquals(3, c.exit, c.output);
    String error = c.one("ERROR");
    assertTrue(error.contains("no network and no wheel directory"), error);
    assertTrue(error.contains("EXPLAIN4J_WHEELS"), error);
    assertFalse(c.output.contains("Traceback"), c.output);
    try (var envs = Files.list(home.resolve("envs"))) {
      assertTrue(
          envs.noneMatch(e -> Files.exists(e.resolve(Provisioner.STAMP))),
          "a half-built environment is never marked usable");
    }
  }

  @Test
  void provisioningOffIsOneLineNamingTheSetting(@TempDir Path tmp) throws Exception {
    Child c = child(tmp, tmp.resolve("home"), Map.of("EXPLAIN4J_PROVISION", "false"), "locate");
    assertEquals(3, c.exit, c.output);
    assertTrue(
        c.one("ERROR").contains("provisioning is off (explain4j.provision=false)"), c.output);
  }

  @Test
  void noBasePythonIsOneLine(@TempDir Path tmp) throws Exception {
    Path missing = tmp.resolve("no-python");
    Child c = child(tmp, tmp.resolve("home"), Map.of("EXPLAIN4J_BASE_PYTHON", missing.toString()));
    assertEquals(3, c.exit, c.output);
    String error = c.one("ERROR");
    assertTrue(error.contains("no base Python 3.10-3.13 with a shared libpython"), error);
    assertTrue(error.contains(missing.toString()), error);
  }

  @Test
  void aJdkWithoutHeadersIsOneLine(@TempDir Path tmp) throws Exception {
    Path jdk = Files.createDirectories(tmp.resolve("jdk/bin"));
    Child c = child(tmp, tmp.resolve("home"), Map.of("JAVA_HOME", jdk.getParent().toString()));
    assertEquals(3, c.exit, c.output);
    assertTrue(c.one("ERROR").contains("has no include/jni.h"), c.output);
  }

  private record Child(int exit, String output) {
    List<String> all(String key) {
      List<String> out = new ArrayList<>();
      for (String line : output.split("\n")) {
        if (line.startsWith(key + "\t")) {
          out.add(line.substring(key.length() + 1));
        }
      }
      return out;
    }

    String one(String key) {
      List<String> found = all(key);
      assertEquals(1, found.size(), key + " in:\n" + output);
      return found.get(0);
    }
  }

  private static Child child(Path tmp, Path home, Map<String, String> extraEnv, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("@" + Path.of("jvm.options").toAbsolutePath());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    cmd.add(ProvisionProbe.class.getName());
    cmd.addAll(args.length == 0 ? List.of("locate") : List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.directory(Files.createDirectories(tmp.resolve("work")).toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("EXPLAIN4J_") || k.equals("VIRTUAL_ENV"));
    env.put("EXPLAIN4J_HOME", home.toString());
    env.put("OMP_NUM_THREADS", "1");
    env.put(
        "UV_CACHE_DIR",
        System.getenv().getOrDefault("UV_CACHE_DIR", USER_CACHE.resolve("uv-cache").toString()));
    Path uv = USER_CACHE.resolve("tools/uv-0.13.9/bin/uv");
    if (Files.isRegularFile(uv)) {
      env.put("EXPLAIN4J_UV", uv.toString());
    }
    env.putAll(new HashMap<>(extraEnv));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(600, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return new Child(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
