package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.explain4j.attribution.AttributionJson;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("python")
class AttributeDatasetCommandTest {
  static final String GPT2 = "tests/fixtures/tiny-models/gpt2";
  private static final ObjectMapper JSON = new ObjectMapper();

  static CliRun run(Path data, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "attribute-dataset",
                data.toString(),
                "-o",
                out.toString(),
                "-m",
                GPT2,
                "--device",
                "cpu",
                "--max-new-tokens",
                "2"));
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }

  /** The results file's lines as JSON, each checked to load back as an attribution result. */
  static List<JsonNode> lines(Path out) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      JsonNode n = JSON.readTree(line);
      AttributionResult r = AttributionJson.fromJson(n.get("result").toString(), out.toString());
      assertTrue(r.steps() > 0, line);
      nodes.add(n);
    }
    return nodes;
  }

  static List<String> ids(List<JsonNode> nodes) {
    return nodes.stream().map(n -> n.get("id").asText()).toList();
  }

  @Test
  void jsonlWithTargetsAMalformedLineAndResume(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("d.jsonl");
    Files.writeString(
        data,
        """
        {"text": "The capital of France", "target": "The capital of France is Paris"}
        {"text": "Hello world", "target": "Hello world and more"}
        {"text": "broken", "target":
        {"text": "One two", "target": "One two three"}
        {"text": "", "target": "Nothing"}
        """);
    Path out = dir.resolve("out.jsonl");
    CliRun r = run(data, out, "--target-field", "target", "--step-scores", "probability");
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.err().contains("line 3"), r.err());
    assertTrue(r.err().contains("2 records failed"), r.err());
    assertTrue(r.err().contains("record 4: no text in field 'text'"), r.err());
    assertFalse(r.err().contains("\r"), "no progress bar when stderr is not a terminal");
    List<JsonNode> nodes = lines(out);
    assertEquals(List.of("0", "1", "3"), ids(nodes));
    AttributionResult first =
        AttributionJson.fromJson(nodes.get(0).get("result").toString(), "line 1");
    assertEquals(first.targetTokens().size() - first.attrPosStart(), first.steps());
    assertTrue(first.aggregate().stepScores().containsKey("probability"));

    byte[] before = Files.readAllBytes(out);
    CliRun again = run(data, out, "--target-field", "target");
    assertEquals(1, again.exitCode(), again.err());
    assertTrue(again.out().contains("wrote 0 records") && again.out().contains("3 already there"));
    assertArrayEquals(before, Files.readAllBytes(out), "nothing rewritten");
  }

  @Test
  void csvWithIdFieldBatchedAndAFailingRecord(@TempDir Path dir) throws Exception {
    // d4 is longer than the tiny model's 64 positions: its batch fails, and is retried one by one.
    String tooLong = "word ".repeat(100).strip();
    Path data = dir.resolve("d.csv");
    Files.writeString(
        data,
        "key,body\na7,\"The cat, the dog\"\nb2,Once upon a time\nc9,It was a dark\nd4,"
            + tooLong
            + "\n");
    Path out = dir.resolve("out.jsonl");
    CliRun r = run(data, out, "--text-field", "body", "--id-field", "key", "--batch-size", "2");
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.err().contains("1 records failed:\n  record 3 (id d4): "), r.err());
    List<JsonNode> nodes = lines(out);
    assertEquals(List.of("a7", "b2", "c9"), ids(nodes));
    assertEquals(2, nodes.get(2).get("index").asInt());
  }

  @Test
  void parquetWithLimit(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("d.parquet");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(Map.of("text", "Parquet row number " + i, "n", (long) i));
    }
    PythonRuntime.shared().call("explain4j.records.write_parquet", data.toString(), rows);
    Path out = dir.resolve("out.jsonl");
    CliRun r = run(data, out, "--limit", "3", "--method", "input_x_gradient");
    assertEquals(0, r.exitCode(), r.err());
    List<JsonNode> nodes = lines(out);
    assertEquals(List.of("0", "1", "2"), ids(nodes));
    assertEquals(
        "input_x_gradient", nodes.get(0).get("result").get("provenance").get("method").asText());
  }
}
