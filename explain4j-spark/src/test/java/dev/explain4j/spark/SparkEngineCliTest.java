package dev.explain4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.explain4j.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code explain4j attribute-dataset --engine spark --master local[2]} in-process: found through
 * the ServiceLoader, the same results as the local engine, resumable, and bad input in one line
 * naming the flag.
 */
@Tag("spark")
@Tag("python")
class SparkEngineCliTest {
  static final String GPT2 = SparkClusterTest.GPT2.toString();

  record Run(int code, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run dataset(Path data, Path out, String... extra) {
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
                "2",
                "--id-field",
                "id"));
    args.addAll(List.of(extra));
    return cli(args.toArray(String[]::new));
  }

  @Test
  void sameResultsAsTheLocalEngineAndResumable(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("d.csv");
    List<String> lines = new ArrayList<>(List.of("id,text,note"));
    for (int i = 0; i < 9; i++) {
      lines.add("k" + i + ",Hello number " + i + ",n");
    }
    lines.add("k9,,empty text");
    Files.write(data, lines);
    Path parquet = dir.resolve("out");
    Run spark =
        dataset(data, parquet, "--engine", "spark", "--master", "local[2]", "--batch-size", "3");
    assertEquals(1, spark.code(), spark.err());
    assertTrue(spark.out().contains("wrote 9 records to " + parquet), spark.out());
    assertTrue(spark.err().contains("record 9 (id k9): no text in column 'text'"), spark.err());
    Run again = dataset(data, parquet, "--engine", "spark", "--master", "local[2]");
    assertTrue(
        again.out().contains("wrote 0 records to " + parquet + " (9 already there)"), again.out());

    Path jsonl = dir.resolve("local.jsonl");
    Run local = dataset(data, jsonl, "--batch-size", "3");
    assertEquals(1, local.code(), local.err());
    Map<String, JsonNode> expected = ResultsCompare.localResults(jsonl);
    SparkSession s =
        SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
    Map<String, JsonNode> got = new HashMap<>();
    try {
      for (Row r : s.read().parquet(parquet.toString()).select("id", "result").collectAsList()) {
        assertTrue(got.put(r.getString(0), ResultsCompare.JSON.readTree(r.getString(1))) == null);
      }
    } finally {
      s.stop();
    }
    assertEquals(expected.keySet(), got.keySet());
    expected.forEach((id, e) -> ResultsCompare.assertSameResult(e, got.get(id), id));
  }

  @Test
  void eachSliceIsCommittedByItsOwnJob(@TempDir Path dir) throws Exception {
    SparkSession s =
        SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    try {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        rows.add(org.apache.spark.sql.RowFactory.create("s" + i, "Slice test " + i));
      }
      var schema =
          new org.apache.spark.sql.types.StructType().add("id", "string").add("text", "string");
      var input = s.createDataFrame(rows, schema);
      Path out = dir.resolve("out");
      var o =
          SparkAttributionOptions.builder(GPT2)
              .optModelOptions(dev.explain4j.model.ModelOptions.builder().optDevice("cpu").build())
              .optAttributionOptions(
                  dev.explain4j.attribution.AttributionOptions.builder().optMaxNewTokens(1).build())
              .optIdColumn("id")
              .optCommitEvery(4)
              .build();
      assertEquals(
          new dev.explain4j.data.DatasetEngine.DatasetRun(10, 0, List.of()),
          SparkAttributor.attributeTo(input, o, out.toString()));
      java.util.Set<String> jobs = new java.util.HashSet<>();
      try (var files = Files.list(out)) {
        files
            .map(f -> f.getFileName().toString())
            .filter(f -> f.startsWith("part-") && f.endsWith(".parquet"))
            .forEach(f -> jobs.add(f.substring(11, 47))); // part-NNNNN-<job uuid>-c000...
      }
      assertEquals(3, jobs.size(), "write jobs: " + jobs);
      assertEquals(10, s.read().parquet(out.toString()).select("id").distinct().count());
    } finally {
      s.stop();
    }
  }

  @Test
  void badInputNamesTheFlag(@TempDir Path dir) throws Exception {
    Path data =
        Files.writeString(
            dir.resolve("d.jsonl"), "{\"id\": 1, \"body\": \"a\"}\n{\"id\": 1, \"body\": \"b\"}\n");
    Run noText = dataset(data, dir.resolve("o1"), "--engine", "spark", "--master", "local[1]");
    assertEquals(2, noText.code(), noText.err());
    assertEquals(
        "explain4j attribute-dataset: --text-field: no column 'text' in the dataset; its columns"
            + " are: body, id",
        noText.err().strip());
    Run twice =
        dataset(
            data,
            dir.resolve("o2"),
            "--engine",
            "spark",
            "--master",
            "local[1]",
            "--text-field",
            "body");
    assertEquals(2, twice.code(), twice.err());
    assertEquals(
        "explain4j attribute-dataset: --id-field: id '1' appears 2 times in column 'id'; ids must"
            + " be unique",
        twice.err().strip());
  }
}
