package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.ScorePrecision;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --scores-precision}: smaller json, arrow and parquet files; an unknown value is refused.
 */
@Tag("python")
class ScoresPrecisionCommandTest {
  private static final String GPT2 = "tests/fixtures/tiny-models/gpt2";

  private static CliRun attribute(Path out, String precision) {
    return CliRun.run(
        "attribute",
        "-m",
        GPT2,
        "--device",
        "cpu",
        "-i",
        "The capital of France",
        "--target",
        "The capital of France is Paris and more",
        "--step-scores",
        "probability",
        "--scores-precision",
        precision,
        "-o",
        out.toString());
  }

  @Test
  void everyFormatShrinksAndJsonLoadsBackWithinThePrecision(@TempDir Path dir) throws Exception {
    // On a result this small, Arrow's float8 field metadata outweighs its byte per row over
    // float16 (TokenPairRowsPrecisionTest compares them on 4000 rows); both beat float32.
    for (String ext : new String[] {"json", "arrow", "parquet"}) {
      long[] size = new long[3];
      String[] names = {"float32", "float16", "float8"};
      for (int i = 0; i < 3; i++) {
        Path out = dir.resolve(names[i] + "." + ext);
        CliRun r = attribute(out, names[i]);
        assertEquals(0, r.exitCode(), names[i] + " " + ext + ": " + r.err());
        size[i] = Files.size(out);
      }
      String sizes = ext + ": " + java.util.Arrays.toString(size);
      assertTrue(size[1] < size[0] && size[2] < size[0], sizes);
      assertTrue(!ext.equals("json") || size[2] < size[1], sizes);
    }
    AttributionResult full = ResultFiles.readJson(dir.resolve("float32.json"));
    for (String p : new String[] {"float16", "float8"}) {
      ScorePrecision precision = ScorePrecision.of(p);
      AttributionResult small = ResultFiles.readJson(dir.resolve(p + ".json"));
      float[] a = full.target().toArray();
      float[] b = small.target().toArray();
      assertEquals(a.length, b.length);
      for (int i = 0; i < a.length; i++) {
        if (Float.isNaN(a[i])) {
          assertTrue(Float.isNaN(b[i]), p + " keeps NaN at " + i);
        } else {
          assertTrue(Math.abs(a[i] - b[i]) <= precision.maxError(a[i]), p + " at " + i);
        }
      }
    }
  }

  @Test
  void datasetLinesAreRoundedToo(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("d.jsonl");
    Files.writeString(
        data, "{\"text\": \"Hello world\", \"target\": \"Hello world and more text\"}\n");
    float[][] target = new float[2][];
    String[] names = {"float32", "float8"};
    for (int i = 0; i < 2; i++) {
      Path out = dir.resolve(names[i] + ".jsonl");
      CliRun r =
          CliRun.run(
              "attribute-dataset",
              data.toString(),
              "-o",
              out.toString(),
              "-m",
              GPT2,
              "--device",
              "cpu",
              "--target-field",
              "target",
              "--scores-precision",
              names[i],
              "--step-scores",
              "top_p_size",
              "--step-score-arg",
              "top_p=0.5");
      assertEquals(0, r.exitCode(), r.err());
      String line = Files.readAllLines(out).get(0);
      String json = Jsons.MAPPER.readTree(line).get("result").toString();
      AttributionResult loaded = dev.explain4j.attribution.AttributionJson.fromJson(json, "line");
      target[i] = loaded.target().toArray();
      assertTrue(loaded.stepScores().get("top_p_size")[0] >= 1, "--step-score-arg reached it");
    }
    int rounded = 0;
    for (int i = 0; i < target[0].length; i++) {
      float x = target[0][i];
      if (!Float.isNaN(x)) {
        assertTrue(Math.abs(target[1][i] - x) <= ScorePrecision.FLOAT8.maxError(x), "at " + i);
        rounded += target[1][i] != x ? 1 : 0;
      }
    }
    assertTrue(rounded > 0, "float8 changed some values");
  }

  @Test
  void anUnknownPrecisionIsOneLineWithExitTwo(@TempDir Path dir) {
    CliRun r = attribute(dir.resolve("r.json"), "float4");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(
        r.err()
            .contains(
                "--scores-precision: unknown scores precision 'float4'; use one of float32,"
                    + " float16, float8"),
        r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(Files.exists(dir.resolve("r.json")));
  }
}
