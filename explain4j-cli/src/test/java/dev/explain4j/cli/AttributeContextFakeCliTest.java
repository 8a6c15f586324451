package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.explain4j.attribution.ContextCue;
import dev.explain4j.attribution.ContextRelianceOptions;
import dev.explain4j.attribution.ContextRelianceProvenance;
import dev.explain4j.attribution.ContextRelianceResult;
import dev.explain4j.model.ModelInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code attribute-context} on the fake engine (no Python): flags, files, refusals. */
class AttributeContextFakeCliTest {

  /** A fixed result: output "He said fine", token 1 context-sensitive, input cue 0. */
  static ContextRelianceResult result(ModelInfo model, ContextRelianceOptions options) {
    ContextCue cue =
        new ContextCue(
            1,
            "Ġsaid",
            0.9,
            "in",
            "out",
            null,
            null,
            List.of(0.7, 0.1),
            List.of(),
            List.of(0),
            List.of(),
            0.5,
            null);
    return new ContextRelianceResult(
        "George sick",
        "His colleagues",
        null,
        "He said fine",
        "{context} {current}",
        "{current}",
        List.of("George", "Ġsick"),
        List.of(),
        List.of("He", "Ġsaid", "Ġfine"),
        List.of(0.1, 0.9, 0.2),
        0.6,
        List.of(cue),
        List.of("a fake note"),
        new ContextRelianceProvenance(model, options, "0.1.0", Instant.EPOCH, 0));
  }

  private record Run(int code, String out, String err) {}

  private static Run run(FakeBackendCliTest.FakeBackend fake, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(fake);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void flagsBecomeOptionsAndFilesAreWritten(@TempDir Path dir) throws Exception {
    var fake = new FakeBackendCliTest.FakeBackend();
    Path json = dir.resolve("r.json");
    Path html = dir.resolve("r.html");
    Run r =
        run(
            fake,
            "attribute-context",
            "-m",
            "m",
            "--input-current-text",
            "His colleagues",
            "--input-context-text",
            "George sick",
            "--output-current-text",
            "He said fine",
            "--context-sensitivity-metric",
            "pcxmi",
            "--context-sensitivity-std-threshold",
            "0.5",
            "--context-sensitivity-topk",
            "2",
            "--attribution-std-threshold",
            "0",
            "--attribution-topk",
            "3",
            "-a",
            "integrated_gradients",
            "--attribution-kwargs",
            "{\"n_steps\": 7}",
            "-fn",
            "contrast_prob_diff",
            "--contextless-output-next-tokens",
            "x",
            "y",
            "--special-tokens-to-keep",
            "<brk>",
            "--handle-output-context-strategy",
            "auto",
            "--max-new-tokens",
            "4",
            "--plain",
            "-o",
            json.toString(),
            "--viz-path",
            html.toString());
    assertEquals(0, r.code, r.err);
    ContextRelianceOptions o = fake.contextOptions;
    assertEquals("George sick", o.inputContextText());
    assertEquals("He said fine", o.outputCurrentText());
    assertEquals("pcxmi", o.contextSensitivityMetric());
    assertEquals(0.5, o.contextSensitivityStdThreshold());
    assertEquals(2, o.contextSensitivityTopk());
    assertEquals(0.0, o.attributionStdThreshold());
    assertEquals(3, o.attributionTopk());
    assertEquals("integrated_gradients", o.attributionMethod());
    assertEquals(Map.of("n_steps", 7), o.methodArgs());
    assertEquals("contrast_prob_diff", o.attributedFn());
    assertEquals(List.of("x", "y"), o.contextlessOutputNextTokens());
    assertEquals(List.of("<brk>"), o.specialTokensToKeep());
    assertEquals("auto", o.handleOutputContextStrategy());
    assertEquals(Map.of("max_new_tokens", 4), o.generationArgs());
    assertTrue(r.out.contains("context-sensitive:  said (0.900)"), r.out);
    assertTrue(r.out.contains("cues: George (0.700)"), r.out);
    assertTrue(r.err.contains("attribute-context: warning: a fake note"), r.err);
    JsonNode saved = Jsons.MAPPER.readTree(json.toFile());
    assertEquals(1, saved.get("cues").get(0).get("index").asInt());
    assertEquals(0.9, saved.get("ctiScores").get(1).asDouble());
    assertEquals(
        "pcxmi", saved.get("provenance").get("options").get("contextSensitivityMetric").asText());
    assertTrue(Files.readString(html).contains("class=\"e4j-tok s-q"), "HTML view written");
  }

  @Test
  void theTerminalViewCanBeHidden() {
    var fake = new FakeBackendCliTest.FakeBackend();
    Run r = run(fake, "attribute-context", "-m", "m", "-i", "Hi", "--no-show-viz");
    assertEquals(0, r.code, r.err);
    assertFalse(r.out.contains("context-sensitive"), r.out);
    assertEquals(List.of("load m auto", "attribute-context Hi", "close"), fake.calls);
  }

  @Test
  void badOptionsAreOneLineNamingTheFlag() {
    String[][] cases = {
      {"--input-context-text", "", "--input-context-text is empty"},
      {"--output-context-text", " ", "--output-context-text is empty"},
      {"--handle-output-context-strategy", "manual", "--handle-output-context-strategy manual"},
      {"--context-sensitivity-topk", "0", "--context-sensitivity-topk 0 must be at least 1"},
      {"--attribution-kwargs", "{bad", "--attribution-kwargs is not a JSON object"},
      {"--context-sensitivity-std-threshold", "NaN", "--context-sensitivity-std-threshold NaN"},
      {"--output-template", "{context} {current}", "--output-template {context} {current} has"},
      {"--input-current-text", "", "--input-current-text is empty"}
    };
    for (String[] c : cases) {
      var fake = new FakeBackendCliTest.FakeBackend();
      boolean input = c[0].equals("--input-current-text");
      Run r =
          input
              ? run(fake, "attribute-context", "-m", "m", c[0], c[1])
              : run(fake, "attribute-context", "-m", "m", "-i", "Hi", c[0], c[1]);
      assertEquals(2, r.code, c[0] + ": " + r.err);
      assertTrue(r.err.startsWith("explain4j attribute-context: "), r.err);
      assertTrue(r.err.contains(c[2]), r.err);
      assertEquals(1, r.err.strip().split("\n").length, r.err);
      assertTrue(
          fake.calls.stream().noneMatch(call -> call.startsWith("attribute-context")),
          "refused before the engine ran");
    }
  }
}
