package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.Attributor;
import dev.explain4j.citation.FaithfulnessEvaluator;
import dev.explain4j.citation.FaithfulnessOptions;
import dev.explain4j.citation.TokenFaithfulness;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --text-field} on the tiny GPT-2 in Python: the table is the API's means. */
@Tag("python")
class EvaluateTokensCommandTest {
  static final String GPT2 = "tests/fixtures/tiny-models/gpt2";
  static final List<String> PROMPTS = List.of("The capital of France is", "Cats like");

  @Test
  void theCsvRowIsTheMeanOfTheApisStepScores(@TempDir Path dir) throws Exception {
    Path data =
        Files.writeString(
            dir.resolve("p.jsonl"),
            "{\"prompt\": \"" + PROMPTS.get(0) + "\"}\n{\"prompt\": \"" + PROMPTS.get(1) + "\"}\n");
    Path csv = dir.resolve("t.csv");
    Path svg = dir.resolve("c.svg");
    CliRun r =
        CliRun.run(
            "evaluate",
            "-m",
            GPT2,
            "--device",
            "cpu",
            "--dataset",
            data.toString(),
            "--text-field",
            "prompt",
            "--method",
            "saliency,input_x_gradient",
            "--max-new-tokens",
            "2",
            "--curve-points",
            "4",
            "--table",
            csv.toString(),
            "--plot",
            svg.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> rows = Files.readAllLines(csv);
    assertEquals(3, rows.size(), rows.toString());
    FaithfulnessOptions fo = FaithfulnessOptions.builder().optCurvePoints(4).build();
    try (Model gpt2 = Model.load(GPT2, ModelOptions.builder().optDevice("cpu").build())) {
      for (int m = 0; m < 2; m++) {
        String method = m == 0 ? "saliency" : "input_x_gradient";
        double aopc = 0;
        double soft = 0;
        int steps = 0;
        for (String prompt : PROMPTS) {
          AttributionOptions o =
              AttributionOptions.builder().optMethod(method).optMaxNewTokens(2).build();
          try (AttributionResult a = new Attributor(gpt2).attribute(prompt, o)) {
            for (TokenFaithfulness.Step s :
                new FaithfulnessEvaluator(gpt2).evaluate(a, fo).steps()) {
              aopc += s.metrics().aopcComprehensiveness();
              soft += s.softSufficiency();
              steps++;
            }
          }
        }
        String[] cells = rows.get(1 + m).split(",");
        assertEquals(method, cells[0]);
        assertEquals("2", cells[1]);
        assertEquals(String.valueOf(steps), cells[2]);
        assertEquals(aopc / steps, Double.parseDouble(cells[3]), 1e-9, method);
        assertEquals(soft / steps, Double.parseDouble(cells[8]), 1e-9, method);
      }
    }
    String plot = Files.readString(svg);
    assertEquals(4, plot.split("<polyline ", -1).length - 1, plot);
    assertTrue(r.out().contains("| saliency | 2 | "), r.out());
  }

  @Test
  void aClassifierIsScoredOnItsPredictedLabel(@TempDir Path dir) throws Exception {
    Path data =
        Files.writeString(
            dir.resolve("t.jsonl"), "{\"text\": \"the team won\", \"pair\": \"a vote\"}\n");
    Path json = dir.resolve("t.json");
    String bert = dev.explain4j.attribution.HeadModels.get("bert-sequence").toString();
    CliRun r =
        CliRun.run(
            "evaluate",
            "-m",
            bert,
            "--device",
            "cpu",
            "--dataset",
            data.toString(),
            "--text-field",
            "text",
            "--target-field",
            "pair",
            "--method",
            "input_x_gradient",
            "--table",
            json.toString());
    assertEquals(0, r.exitCode(), r.err());
    var row = Jsons.MAPPER.readTree(json.toFile()).get("methods").get(0);
    assertEquals(1, row.get("records").asInt());
    assertEquals(1, row.get("steps").asInt(), "the predicted label only");
    try (Model m = Model.load(bert, ModelOptions.builder().optDevice("cpu").build());
        var c =
            new dev.explain4j.attribution.ClassifierExplainer(m)
                .explain(
                    "the team won",
                    "a vote",
                    dev.explain4j.attribution.ClassifyOptions.builder()
                        .optMethod("input_x_gradient")
                        .build())) {
      TokenFaithfulness f =
          new FaithfulnessEvaluator(m).evaluate(c, FaithfulnessOptions.defaults());
      assertEquals(f.mean().aopcSufficiency(), row.get("aopcSufficiency").asDouble(), 1e-12);
      assertEquals(f.mean().deletionArea(), row.get("deletionArea").asDouble(), 1e-12);
    }
  }
}
