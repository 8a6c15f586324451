package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Doctor;
import dev.explain4j.attribution.AttributionJson;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionProvenance;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.ScoreArray;
import dev.explain4j.data.DatasetFile;
import dev.explain4j.model.FakeModelInfo;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelInfo;
import dev.explain4j.model.ModelOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI driven by a fake engine, with no Python: not tagged "python", so it runs where no Python
 * environment exists.
 */
class FakeBackendCliTest {
  private static final List<String> TOKENS = List.of("The", " sky", " is", " blue");

  /** An engine that returns fixed results and records what the commands asked of it. */
  static final class FakeBackend implements CliBackend {
    final List<String> calls = new ArrayList<>();
    dev.explain4j.attribution.ContextRelianceOptions contextOptions;

    @Override
    public Doctor.Report doctor() {
      calls.add("doctor");
      return new Doctor.Report(
          "/fake/venv",
          "9.9.9",
          Map.of(
              "python",
              "3.99",
              "jep",
              "9.9.9",
              "torch",
              "0.0-fake",
              "transformers",
              "0.1-fake",
              "pyarrow",
              "0.2-fake",
              "numpy",
              "0.3-fake",
              "tokenizers",
              "0.4-fake",
              "device",
              "cpu"));
    }

    @Override
    public LoadedModel load(String pathOrHubId, ModelOptions options) {
      calls.add("load " + pathOrHubId + " " + options.device());
      return new LoadedModel() {
        @Override
        public ModelInfo info() {
          return FakeBackendCliTest.info(pathOrHubId);
        }

        @Override
        public List<String> warnings() {
          return List.of("a fake warning");
        }

        @Override
        public List<AttributionResult> attribute(
            List<String> inputs, List<String> targets, AttributionOptions o) {
          calls.add("attribute " + inputs + " " + targets + " " + o.method());
          return List.of(result(FakeBackendCliTest.info(pathOrHubId), o));
        }

        @Override
        public dev.explain4j.attribution.ContextRelianceResult attributeContext(
            String inputCurrent, dev.explain4j.attribution.ContextRelianceOptions o) {
          calls.add("attribute-context " + inputCurrent);
          contextOptions = o;
          return AttributeContextFakeCliTest.result(FakeBackendCliTest.info(pathOrHubId), o);
        }

        @Override
        public Model model() {
          throw new UnsupportedOperationException("the fake backend has no model");
        }

        @Override
        public void close() {
          calls.add("close");
        }
      };
    }

    @Override
    public void arrowToParquet(Path arrowFile, Path parquetFile) {
      assertTrue(Files.isRegularFile(arrowFile), arrowFile + " written before conversion");
      calls.add("parquet " + parquetFile.getFileName());
      try {
        Files.writeString(parquetFile, "fake parquet");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public DatasetFile readDataset(Path path, String format, String split, Integer limit) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void attributePrintsAndWritesTheFakeEnginesResult(@TempDir Path dir) throws Exception {
    FakeBackend fake = new FakeBackend();
    Run r =
        run(
            fake,
            "attribute",
            "-m",
            "fake-model",
            "--device",
            "cpu",
            "-i",
            "The sky",
            "--continuation",
            " is blue",
            "--plain");
    assertEquals(0, r.code, r.err);
    for (String t : TOKENS) {
      assertTrue(r.out.contains(t.strip()), t + " in\n" + r.out);
    }
    assertTrue(r.err.contains("warning: a fake warning"), r.err);
    assertEquals(
        List.of("load fake-model cpu", "attribute [The sky] [The sky is blue] saliency", "close"),
        fake.calls);

    Path json = dir.resolve("r.json");
    assertEquals(0, run(fake, "attribute", "-m", "m", "-i", "The sky", "-o", json.toString()).code);
    AttributionResult back = AttributionJson.fromJson(Files.readString(json), json.toString());
    assertEquals(TOKENS, back.targetTokens());
    assertEquals("m-source", back.provenance().model().source());

    Path parquet = dir.resolve("r.parquet");
    Run p = run(fake, "attribute", "-m", "m", "-i", "The sky", "-o", parquet.toString());
    assertEquals(0, p.code, p.err);
    assertEquals("fake parquet", Files.readString(parquet));
    assertTrue(fake.calls.contains("parquet r.parquet"), fake.calls.toString());
    assertFalse(Files.exists(dir.resolve("r.parquet.arrow-tmp")), "temporary Arrow file removed");
  }

  @Test
  void doctorPrintsTheFakeEnginesVersions() {
    FakeBackend fake = new FakeBackend();
    Run r = run(fake, "doctor");
    assertTrue(r.out.contains("environment   /fake/venv"), r.out);
    assertTrue(r.out.contains("9.9.9 (native), 9.9.9 (java)"), r.out);
    assertTrue(r.out.matches("(?s).*torch\\s+0\\.0-fake.*"), r.out);
    assertEquals(List.of("doctor"), fake.calls);
  }

  private record Run(int code, String out, String err) {}

  private static Run run(CliBackend backend, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(backend);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static ModelInfo info(String source) {
    return FakeModelInfo.of(source + "-source", "/nonexistent/" + source);
  }

  private static AttributionResult result(ModelInfo model, AttributionOptions options) {
    int steps = 2;
    int prompt = 2;
    float[] values = new float[TOKENS.size() * steps * 2];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i % 5) + 1;
    }
    return new AttributionResult(
        List.of(),
        List.of(),
        TOKENS,
        List.of(1L, 2L, 3L, 4L),
        prompt,
        prompt + steps,
        null,
        new ScoreArray(new int[] {TOKENS.size(), steps, 2}, values),
        Map.of(),
        List.of("target", "step", "hidden"),
        List.of(Map.of("op", "vnorm"), Map.of("op", "normalize")),
        new AttributionProvenance(model, "saliency", null, options, Instant.EPOCH, 0.0));
  }
}
