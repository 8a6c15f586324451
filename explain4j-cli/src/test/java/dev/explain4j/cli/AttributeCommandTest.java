package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.MethodCatalog;
import dev.explain4j.render.AttributionView;
import dev.explain4j.render.Theme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("python")
class AttributeCommandTest {
  private static final String GPT2 = "tests/fixtures/tiny-models/gpt2";

  @Test
  void everyFormatAndJsonLoadsBackAndRendersTheSame(@TempDir Path dir) throws Exception {
    for (String ext : new String[] {"html", "png", "svg", "json", "arrow", "parquet"}) {
      Path out = dir.resolve("r." + ext);
      CliRun r =
          CliRun.run(
              "attribute",
              "-m",
              GPT2,
              "--device",
              "cpu",
              "-i",
              "The capital of France",
              "--target",
              "The capital of France is Paris",
              "--step-scores",
              "probability",
              "-o",
              out.toString());
      assertEquals(0, r.exitCode(), ext + ": " + r.err());
      assertTrue(Files.size(out) > 0);
    }
    AttributionResult loaded = ResultFiles.readJson(dir.resolve("r.json"));
    assertEquals("saliency", loaded.provenance().method());
    assertEquals(loaded.targetTokens().size() - loaded.attrPosStart(), loaded.steps());
    assertTrue(loaded.steps() > 0);
    assertTrue(Float.isNaN(loaded.target().get(loaded.target().size(0) - 1, 0, 0)));
    String again = AttributionView.of(loaded).html(Theme.AUTO);
    String direct = Files.readString(dir.resolve("r.html"));
    assertTrue(direct.startsWith(again.substring(0, again.lastIndexOf("</body>"))), "same table");
    assertArrayEquals(
        loaded.aggregate().stepScores().get("probability"),
        ResultFiles.readJson(dir.resolve("r.json")).aggregate().stepScores().get("probability"));
  }

  @Test
  void terminalViewAndBadInput(@TempDir Path dir) throws Exception {
    CliRun ok =
        CliRun.run(
            "attribute",
            "-m",
            GPT2,
            "--device",
            "cpu",
            "-i",
            "hello",
            "--max-new-tokens",
            "2",
            "--plain",
            "--html",
            dir.resolve("report.html").toString());
    assertEquals(0, ok.exitCode(), ok.err());
    assertTrue(ok.out().contains("Attribution (saliency"), ok.out());
    assertTrue(Files.readString(dir.resolve("report.html")).contains("<table"));
    CliRun method = CliRun.run("attribute", "-m", GPT2, "-i", "x", "--method", "magic");
    assertEquals(2, method.exitCode());
    assertTrue(method.err().contains("unknown attribution method 'magic'"), method.err());
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"not\": \"a result\"");
    try {
      ResultFiles.readJson(bad);
    } catch (dev.explain4j.InvalidInputException e) {
      assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }
  }

  @Test
  void unknownTargetLayerIsOneLineNamingTheFlagAndTheLayers() {
    CliRun r =
        attribute(
            "hello",
            "--method",
            "layer_gradient_x_activation",
            "--target-layer",
            "transformer.nope",
            "--max-new-tokens",
            "1");
    assertEquals(2, r.exitCode(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(
        r.err().contains("--target-layer transformer.nope names no layer of GPT2LMHeadModel"),
        r.err());
    assertTrue(r.err().contains("transformer.wte, transformer.wpe"), r.err());
    CliRun ok =
        attribute(
            "hello",
            "--method",
            "layer_gradient_x_activation",
            "--target-layer",
            "transformer.h.1",
            "--max-new-tokens",
            "1",
            "--plain");
    assertEquals(0, ok.exitCode(), ok.err());
    assertTrue(ok.out().contains("layer_gradient_x_activation"), ok.out());
  }

  @Test
  void helpListsTheEnginesCatalogue() {
    MethodCatalog catalog = MethodCatalog.current();
    for (String command : new String[] {"attribute", "attribute-dataset"}) {
      CliRun help = CliRun.run(command, "--help");
      assertEquals(0, help.exitCode(), help.err());
      String out = help.out();
      for (String method : catalog.methods().keySet()) {
        assertTrue(out.contains("  " + method + " "), command + " lists " + method + ":\n" + out);
      }
      catalog.stepScores().keySet().forEach(s -> assertTrue(out.contains(s), s));
      assertTrue(out.contains("n_steps=50 (int >= 1)"), out);
      assertTrue(out.contains("mask_token=unk (unk|pad)"), out);
      assertTrue(out.contains("top_p_size top_p=required"), out);
      assertTrue(out.contains("mc_dropout_prob_avg n_mcd_steps=5"), out);
    }
  }

  @Test
  void targetIsTheFullTextAndContinuationOnlyTheRest(@TempDir Path dir) throws Exception {
    String input = "The capital of France";
    Path full = dir.resolve("full.json");
    Path rest = dir.resolve("rest.json");
    CliRun a = attribute(input, "--target", input + " is Paris", "-o", full.toString());
    assertEquals(0, a.exitCode(), a.err());
    CliRun b = attribute(input, "--continuation", " is Paris", "-o", rest.toString());
    assertEquals(0, b.exitCode(), b.err());
    AttributionResult viaTarget = ResultFiles.readJson(full);
    AttributionResult viaContinuation = ResultFiles.readJson(rest);
    assertEquals(input + " is Paris", text(viaTarget.targetTokens()));
    assertEquals(viaTarget.targetTokens(), viaContinuation.targetTokens());
    assertEquals(viaTarget.sourceTokens(), viaContinuation.sourceTokens());
    CliRun wrong = attribute(input, "--target", " is Paris");
    assertEquals(2, wrong.exitCode(), wrong.err());
    assertEquals(1, wrong.err().lines().count(), wrong.err());
    assertTrue(
        wrong.err().contains("--target is the full text and must start with the input '" + input),
        wrong.err());
    assertTrue(wrong.err().contains("use --continuation"), wrong.err());
  }

  @Test
  void inputStartingWithAtIsTakenLiterally(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("words.txt");
    Files.writeString(file, "filecontents");
    Path out = dir.resolve("at.json");
    CliRun r = attribute("@" + file, "--max-new-tokens", "1", "-o", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("@" + file, text(ResultFiles.readJson(out).sourceTokens()));
  }

  private static CliRun attribute(String input, String... more) {
    List<String> args =
        new ArrayList<>(List.of("attribute", "-m", GPT2, "--device", "cpu", "-i", input));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  /** Byte-level BPE tokens back to text. */
  static String text(List<String> tokens) {
    return String.join("", tokens).replace('\u0120', ' ');
  }
}
