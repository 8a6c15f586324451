package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a real CLI process (SIGKILL) part-way through 100 records, then resumes. */
@Tag("python")
class AttributeDatasetResumeTest {
  private static final int N = 100;

  private static long completeLines(Path out) throws Exception {
    if (!Files.exists(out)) {
      return 0;
    }
    byte[] b = Files.readAllBytes(out);
    long n = 0;
    for (byte x : b) {
      n += x == '\n' ? 1 : 0;
    }
    return n;
  }

  @Test
  void killedRunResumesWithEveryRecordExactlyOnce(@TempDir Path dir) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < N; i++) {
      sb.append("{\"text\": \"Record ").append(i).append(" says that the\"}\n");
    }
    Path data = Files.writeString(dir.resolve("d.jsonl"), sb);
    Path out = dir.resolve("out.jsonl");
    Path log = dir.resolve("stderr.txt");

    // The same JVM, flags and classpath as this test, as a separate process.
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("@" + Path.of("jvm.options").toAbsolutePath());
    for (String p : new String[] {"explain4j.python", "explain4j.pythonpath"}) {
      if (System.getProperty(p) != null) {
        cmd.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(
        List.of(
            "attribute-dataset",
            data.toString(),
            "-o",
            out.toString(),
            "-m",
            AttributeDatasetCommandTest.GPT2,
            "--device",
            "cpu",
            "--max-new-tokens",
            "2"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("HF_HUB_OFFLINE", "1");
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    Process p = pb.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (completeLines(out) < 10 && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(p.isAlive(), "still running when killed; output:\n" + Files.readString(log));
      p.destroyForcibly(); // SIGKILL on Linux
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    } finally {
      p.destroyForcibly();
    }
    long before = completeLines(out);
    assertTrue(before >= 10 && before < N, before + " lines before the kill");
    // A write torn by the kill: a partial last line, which the re-run must drop and redo.
    Files.writeString(
        out,
        "{\"id\":\"99\",\"index\":99,\"res",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    CliRun r = AttributeDatasetCommandTest.run(data, out, "--batch-size", "4");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("dropped a partial last line"), r.err());
    assertTrue(r.out().contains("(" + before + " already there)"), r.out());
    List<JsonNode> nodes = AttributeDatasetCommandTest.lines(out);
    assertEquals(N, nodes.size());
    Set<String> ids = new HashSet<>(AttributeDatasetCommandTest.ids(nodes));
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < N; i++) {
      expected.add(Integer.toString(i));
    }
    assertEquals(expected, ids, "every record exactly once");
    for (JsonNode n : nodes) {
      assertEquals(n.get("id").asText(), Integer.toString(n.get("index").asInt()));
    }
  }
}
