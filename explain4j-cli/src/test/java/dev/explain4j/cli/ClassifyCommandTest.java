package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.explain4j.attribution.HeadModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("python")
class ClassifyCommandTest {
  @Test
  void everyFormatIsWrittenAndJsonCarriesThePrediction(@TempDir Path dir) throws Exception {
    String model = HeadModels.get("bert-sequence").toString();
    for (String ext : new String[] {"html", "png", "svg", "json", "arrow", "parquet"}) {
      Path out = dir.resolve("c." + ext);
      CliRun r =
          CliRun.run(
              "classify", "-m", model, "-i", "The capital of France is Paris.", "-o", "" + out);
      assertEquals(0, r.exitCode(), ext + ": " + r.err());
      assertTrue(Files.size(out) > 0, ext);
    }
    JsonNode json = Jsons.MAPPER.readTree(dir.resolve("c.json").toFile());
    assertEquals("sequence_classification", json.at("/prediction/head").asText());
    assertEquals(1, json.at("/prediction/labels").size());
    assertEquals("saliency", json.at("/attribution/provenance/method").asText());
  }

  @Test
  void zeroShotLabelsAndTerminalView() {
    CliRun r =
        CliRun.run(
            "classify",
            "-m",
            HeadModels.get("bert-nli").toString(),
            "-i",
            "The fox jumps.",
            "--candidate-labels",
            "animals,politics",
            "-a",
            "input_x_gradient",
            "--plain");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("animals (") && r.out().contains("politics ("), r.out());
  }

  @Test
  void attributeDatasetExplainsEachRecordOfAClassifier(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("d.jsonl");
    Files.writeString(
        data, "{\"text\": \"a great film\"}\n{\"text\": \"slow plot\"}\n{\"text\": \"fine\"}\n");
    Path out = dir.resolve("r.jsonl");
    String model = HeadModels.get("bert-sequence").toString();
    CliRun r =
        CliRun.run(
            "attribute-dataset",
            data.toString(),
            "-o",
            "" + out,
            "-m",
            model,
            "--batch-size",
            "2",
            "-a",
            "integrated_gradients",
            "--no-progress");
    assertEquals(0, r.exitCode(), r.err());
    var lines = Files.readAllLines(out);
    assertEquals(3, lines.size());
    for (String line : lines) {
      JsonNode json = Jsons.MAPPER.readTree(line);
      assertEquals("sequence_classification", json.at("/result/prediction/head").asText());
      assertEquals(
          "integrated_gradients", json.at("/result/attribution/provenance/method").asText());
    }
  }

  @Test
  void badInputNamesTheFlagInOneLine() {
    String model = HeadModels.get("bert-sequence").toString();
    CliRun r = CliRun.run("classify", "-m", model, "-i", "x", "--label", "neutral");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--label") && r.err().contains("negative, positive"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    CliRun qa = CliRun.run("classify", "-m", HeadModels.get("bert-qa").toString(), "-i", "Who?");
    assertEquals(2, qa.exitCode());
    assertTrue(qa.err().contains("--context"), qa.err());
    CliRun head = CliRun.run("classify", "-m", "tests/fixtures/tiny-models/bert", "-i", "x");
    assertEquals(2, head.exitCode());
    assertTrue(head.err().contains("supported heads: *ForSequenceClassification"), head.err());
  }
}
