package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain4j attribute-context} on the tiny GPT-2 through the real engine. */
@Tag("python")
class AttributeContextCommandTest {
  private static final String GPT2 = "tests/fixtures/tiny-models/gpt2";

  private static CliRun run(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "attribute-context",
                "-m",
                GPT2,
                "--device",
                "cpu",
                "-i",
                "His colleagues asked him",
                "--input-context-text",
                "George was sick yesterday."));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  @Test
  void writesJsonAndHtmlAndPrintsTheView(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    Path html = dir.resolve("r.html");
    CliRun r =
        run(
            "--max-new-tokens",
            "6",
            "--context-sensitivity-std-threshold",
            "0",
            "--plain",
            "-o",
            json.toString(),
            "--viz-path",
            html.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("output, by context sensitivity (kl_divergence)"), r.out());
    JsonNode saved = Jsons.MAPPER.readTree(json.toFile());
    int tokens = saved.get("outputCurrentTokens").size();
    assertTrue(tokens > 0, saved.toString());
    assertEquals(tokens, saved.get("ctiScores").size());
    assertTrue(saved.get("cues").size() > 0, "threshold 0 selects tokens above the mean");
    assertEquals(
        saved.get("inputContextTokens").size(),
        saved.get("cues").get(0).get("inputContextScores").size());
    String page = Files.readString(html);
    assertEquals(
        saved.get("cues").size(),
        page.split("class=\"e4j-ctx-cue\"", -1).length - 1,
        "one section per cue");
  }

  @Test
  void unknownNamesAreOneLineAndTheEngineStaysUsable() {
    String[][] cases = {
      {"--context-sensitivity-metric", "probability", "--context-sensitivity-metric probability"},
      {"--attribution-method", "nope", "unknown attribution method 'nope'"},
      {"--attributed-fn", "nope", "unknown attributed function 'nope'"},
      {"--input-template", "{context}", "--input-template {context} lacks the {current}"}
    };
    for (String[] c : cases) {
      CliRun r = run("--output-current-text", "and left", c[0], c[1]);
      assertEquals(2, r.exitCode(), c[0] + ": " + r.err());
      assertTrue(r.err().contains(c[2]), r.err());
      assertEquals(1, r.err().strip().split("\n").length, r.err());
    }
    CliRun ok = run("--output-current-text", "and left", "--no-show-viz");
    assertEquals(0, ok.exitCode(), ok.err());
  }
}
