package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attribute-dataset --engine}: without explain4j-spark on the classpath (as here), the Spark
 * engine is refused in one line that says how to get it, before any dataset or model is read.
 */
class EngineOptionTest {
  private static CliRun run(Path dir, String... extra) throws Exception {
    Path data = Files.writeString(dir.resolve("d.jsonl"), "{\"text\": \"Hello\"}\n");
    String[] args = new String[4 + extra.length];
    args[0] = "attribute-dataset";
    args[1] = data.toString();
    args[2] = "-o";
    args[3] = dir.resolve("out").toString();
    System.arraycopy(extra, 0, args, 4, extra.length);
    return CliRun.run(args);
  }

  @Test
  void sparkWithoutTheModuleIsOneLine(@TempDir Path dir) throws Exception {
    CliRun r = run(dir, "--engine", "spark", "--master", "local[2]");
    assertEquals(2, r.exitCode(), r.err());
    assertEquals(
        "explain4j attribute-dataset: --engine spark: explain4j-spark is not on the classpath;"
            + " build it (mvn -pl explain4j-spark -am package) and set SPARK_HOME for"
            + " bin/explain4j, or run through spark-submit",
        r.err().strip());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void unknownEngineAndSparkFlagsWithoutIt(@TempDir Path dir) throws Exception {
    CliRun r = run(dir, "--engine", "dask");
    assertEquals(2, r.exitCode(), r.err());
    assertEquals(
        "explain4j attribute-dataset: --engine dask: unknown engine; use local or spark",
        r.err().strip());
    CliRun m = run(dir, "--master", "local[2]");
    assertEquals(2, m.exitCode(), m.err());
    assertEquals("explain4j attribute-dataset: --master needs --engine spark", m.err().strip());
  }
}
