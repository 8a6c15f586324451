package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("python")
class AttentionCommandTest {
  private static final String GPT2 = "tests/fixtures/tiny-models/gpt2";

  @Test
  void everyOutputFormat(@TempDir Path dir) throws Exception {
    String[] common = {
      "attention", "-m", GPT2, "--device", "cpu", "-i", "the cat sat", "--generate", "2"
    };
    for (String ext : new String[] {"html", "png", "svg", "json", "arrow", "parquet"}) {
      Path out = dir.resolve("a." + ext);
      String[] args = java.util.Arrays.copyOf(common, common.length + 2);
      args[common.length] = "-o";
      args[common.length + 1] = out.toString();
      CliRun r = CliRun.run(args);
      assertEquals(0, r.exitCode(), ext + ": " + r.err());
      assertTrue(Files.size(out) > 0, ext);
    }
    assertTrue(Files.readString(dir.resolve("a.html")).contains("decoder self-attention"));
    assertTrue(ImageIO.read(dir.resolve("a.png").toFile()).getHeight() > 20);
    JsonNode json = Jsons.MAPPER.readTree(dir.resolve("a.json").toFile());
    JsonNode set = json.get("sets").get(0);
    int tokens = set.get("queryTokens").size();
    assertEquals(tokens, set.get("matrix").size());
    assertEquals("GPT2LMHeadModel", json.get("provenance").get("architecture").asText());
    long rows =
        ((Number)
                PythonRuntime.shared()
                    .eval(
                        "__import__('pyarrow.parquet', fromlist=['x']).read_table(r'"
                            + dir.resolve("a.parquet")
                            + "').num_rows"))
            .longValue();
    assertEquals(2L * 4 * tokens * tokens, rows);
  }

  @Test
  void terminalViewWhenNoOut() {
    CliRun r = CliRun.run("attention", "-m", GPT2, "--device", "cpu", "-i", "hello", "--plain");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("decoder self-attention"), r.out());
    assertTrue(!r.out().contains("\u001b["), "plain mode has no escape codes");
  }

  @Test
  void badInputGetsUsageExitAndOneLine(@TempDir Path dir) {
    CliRun missing = CliRun.run("attention", "-m", dir.resolve("nope").toString(), "-i", "x");
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().contains("nope"), missing.err());
    CliRun format =
        CliRun.run("attention", "-m", GPT2, "-i", "x", "-o", dir.resolve("a.docx").toString());
    assertEquals(2, format.exitCode());
    assertTrue(format.err().contains("unknown output format 'docx'"), format.err());
    CliRun unwritable =
        CliRun.run(
            "attention", "-m", GPT2, "-i", "x", "-o", dir.resolve("no/dir/a.html").toString());
    assertEquals(2, unwritable.exitCode());
    assertTrue(unwritable.err().contains("not a writable directory"), unwritable.err());
    CliRun usage = CliRun.run("attention", "--bogus");
    assertEquals(2, usage.exitCode());
  }

  @Test
  void targetIsTheFullTextAndContinuationOnlyTheRest(@TempDir Path dir) throws Exception {
    String[] common = {"attention", "-m", GPT2, "--device", "cpu", "-i", "the cat sat", "-o"};
    Path full = dir.resolve("full.json");
    Path rest = dir.resolve("rest.json");
    CliRun a = CliRun.run(with(common, full.toString(), "--target", "the cat sat on the mat"));
    assertEquals(0, a.exitCode(), a.err());
    CliRun b = CliRun.run(with(common, rest.toString(), "--continuation", " on the mat"));
    assertEquals(0, b.exitCode(), b.err());
    JsonNode viaTarget = Jsons.MAPPER.readTree(full.toFile()).get("sets").get(0).get("keyTokens");
    JsonNode viaRest = Jsons.MAPPER.readTree(rest.toFile()).get("sets").get(0).get("keyTokens");
    List<String> tokens = new ArrayList<>();
    viaTarget.forEach(t -> tokens.add(t.asText()));
    assertEquals("the cat sat on the mat", AttributeCommandTest.text(tokens));
    assertEquals(viaTarget, viaRest);
    CliRun wrong = CliRun.run(with(common, full.toString(), "--target", " on the mat"));
    assertEquals(2, wrong.exitCode(), wrong.err());
    assertEquals(1, wrong.err().lines().count(), wrong.err());
    assertTrue(wrong.err().contains("--target is the full text"), wrong.err());
    assertTrue(wrong.err().contains("use --continuation"), wrong.err());
  }

  @Test
  void generateWithATargetIsBadUsage() {
    for (String flag : List.of("--target", "--continuation")) {
      CliRun r = CliRun.run("attention", "-i", "the cat", "--generate", "3", flag, "the cat sat");
      assertEquals(2, r.exitCode(), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().contains("--generate") && r.err().contains("give one"), r.err());
    }
  }

  private static String[] with(String[] common, String... more) {
    String[] args = Arrays.copyOf(common, common.length + more.length);
    System.arraycopy(more, 0, args, common.length, more.length);
    return args;
  }
}
