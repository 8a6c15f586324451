package dev.explain4j.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Tiny random encoders with task heads, built once per JVM from configs with a fixed seed by {@code
 * tests/fixtures/make_head_models.py} (nothing committed).
 */
public final class HeadModels {
  private static Path dir;

  private HeadModels() {}

  /** The directory of head model {@code name} ({@code bert-sequence}, {@code bert-qa}, …). */
  public static synchronized Path get(String name) {
    try {
      if (dir == null) {
        Path out = Files.createTempDirectory("explain4j-head-models");
        Path python = Path.of(System.getProperty("explain4j.python", ".venv"), "bin", "python");
        Path log = out.resolve("build.log");
        Process p =
            new ProcessBuilder(
                    python.toString(), "tests/fixtures/make_head_models.py", out.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "building the head models timed out");
        assertEquals(0, p.exitValue(), () -> "building the head models failed: " + read(log));
        dir = out;
      }
      return dir.resolve(name);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
