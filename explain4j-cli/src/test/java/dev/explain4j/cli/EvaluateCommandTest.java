package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.explain4j.Doctor;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.citation.Faithfulness;
import dev.explain4j.citation.FaithfulnessOptions;
import dev.explain4j.citation.TokenFaithfulness;
import dev.explain4j.data.DatasetFile;
import dev.explain4j.model.FakeModelInfo;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelInfo;
import dev.explain4j.model.ModelOptions;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/** {@code evaluate --text-field}: token-level faithfulness per method over a fake engine. */
class EvaluateCommandTest {
  static final String HOSTILE = "ig<script>x</script>";

  /**
   * Step {@code k}'s scores: AOPC comprehensiveness {@code base + k}, a deletion curve of 5 or 3.
   */
  static TokenFaithfulness fixed(double base) {
    List<TokenFaithfulness.Step> steps = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      double[] x = k == 0 ? new double[] {0, 0.25, 0.5, 0.75, 1} : new double[] {0, 0.5, 1};
      double[] del = k == 0 ? new double[] {1, 0.75, 0.5, 0.25, 0} : new double[] {1, 1, 1};
      double[] ins = k == 0 ? new double[] {0, 0, 0, 0, 0} : new double[] {0, 0.5, 1};
      Faithfulness f =
          new Faithfulness(
              1,
              List.of(1),
              new double[] {base + k},
              new double[] {0.5},
              base + k,
              0.5,
              x,
              del,
              ins,
              0.5,
              0.25);
      steps.add(new TokenFaithfulness.Step(k, "t" + k, f, 0.1 * (k + 1), Double.NaN));
    }
    return new TokenFaithfulness(List.of(0, 1), steps, null, null);
  }

  static final class Backend implements CliBackend {
    final List<String> calls = new ArrayList<>();

    @Override
    public Doctor.Report doctor() {
      throw new UnsupportedOperationException();
    }

    @Override
    public LoadedModel load(String pathOrHubId, ModelOptions options) {
      return new LoadedModel() {
        @Override
        public ModelInfo info() {
          return FakeModelInfo.of("m", "/nonexistent/m");
        }

        @Override
        public List<String> warnings() {
          return List.of();
        }

        @Override
        public List<AttributionResult> attribute(
            List<String> inputs, List<String> targets, AttributionOptions o) {
          calls.add(o.method() + "|" + inputs + "|" + targets + "|" + o.maxNewTokens());
          return List.of(
              new AttributionResult(
                  List.of(),
                  List.of(),
                  List.of("a"),
                  List.of(1L),
                  0,
                  1,
                  null,
                  null,
                  Map.of(),
                  List.of(),
                  List.of(),
                  null));
        }

        @Override
        public TokenFaithfulness faithfulness(AttributionResult r, FaithfulnessOptions o) {
          calls.add("evaluate|" + o.curvePoints() + "|" + o.seed());
          String method = calls.get(calls.size() - 2).split("\\|")[0];
          return fixed(method.equals("saliency") ? 1.0 : 3.0);
        }

        @Override
        public Model model() {
          throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void arrowToParquet(Path arrowFile, Path parquetFile) {}

    @Override
    public DatasetFile readDataset(Path path, String format, String split, Integer limit) {
      return new DatasetFile(
          "jsonl",
          List.of("prompt", "gold"),
          List.of(
              new DatasetFile.Row(0, Map.of("prompt", "P1", "gold", "P1 x")),
              new DatasetFile.Row(1, Map.of("prompt", "P2", "gold", "P2 y"))),
          List.of());
    }
  }

  static CliRun run(Backend backend, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(backend);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new CliRun(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void tokenMethodsAreScoredPerMethodIntoCsvJsonAndLineCharts(@TempDir Path dir) throws Exception {
    Path data = Files.writeString(dir.resolve("d.jsonl"), "{}\n");
    Backend b = new Backend();
    String[] base = {
      "evaluate",
      "-m",
      "m",
      "--dataset",
      data.toString(),
      "--text-field",
      "prompt",
      "--target-field",
      "gold",
      "--method",
      "saliency," + HOSTILE,
      "--max-new-tokens",
      "4",
      "--curve-points",
      "5",
      "--seed",
      "7"
    };
    Path csv = dir.resolve("t.csv");
    Path svg = dir.resolve("c.svg");
    CliRun r = run(b, concat(base, "--table", csv.toString(), "--plot", svg.toString()));
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("saliency|[P1]|[P1 x]|4", b.calls.get(0));
    assertEquals("evaluate|5|7", b.calls.get(1));
    assertEquals(8, b.calls.size(), "2 methods x 2 records, each attributed then evaluated");
    assertTrue(
        r.out().contains("| saliency | 2 | 4 | 1.5000 | 0.5000 | 0.5000 | 0.2500 | 0.1500 | - |"),
        r.out());
    List<String> lines = Files.readAllLines(csv);
    assertEquals(
        "method,records,steps,AOPC_comprehensiveness,AOPC_sufficiency,deletion_area,"
            + "insertion_area,soft_comprehensiveness,soft_sufficiency",
        lines.get(0));
    assertEquals("saliency,2,4,1.5,0.5,0.5,0.25,0.15000000000000002,", lines.get(1));
    assertTrue(lines.get(2).startsWith(HOSTILE + ",2,4,3.5,"), lines.get(2));

    var doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(
                new ByteArrayInputStream(Files.readString(svg).getBytes(StandardCharsets.UTF_8)));
    NodeList polylines = doc.getElementsByTagName("polyline");
    assertEquals(4, polylines.getLength(), "deletion and insertion, one line per method");
    assertEquals(0, doc.getElementsByTagName("script").getLength());
    Element first = (Element) polylines.item(0);
    assertEquals("saliency", first.getAttribute("data-series"));
    assertEquals(FaithfulnessTable.POINTS, first.getAttribute("points").trim().split(" ").length);
    assertTrue(Files.readString(svg).contains("fraction of prompt tokens removed"));
    // mean deletion at 50%: step 0 gives 0.5, step 1 gives 1
    double[] mean =
        FaithfulnessTable.meanCurve(
            fixed(1).steps().stream().map(TokenFaithfulness.Step::metrics).toList(), true);
    assertEquals(0.75, mean[5], 1e-12);

    Path json = dir.resolve("t.json");
    Path png = dir.resolve("c.png");
    assertEquals(
        0,
        run(new Backend(), concat(base, "--table", json.toString(), "--plot", png.toString()))
            .exitCode());
    JsonNode root = Jsons.MAPPER.readTree(json.toFile());
    assertEquals("tokens", root.get("level").asText());
    assertEquals(HOSTILE, root.get("methods").get(1).get("method").asText());
    assertTrue(root.get("methods").get(0).get("softSufficiency").isNull());
    assertEquals(
        0.75,
        root.get("methods").get(0).get("meanCurves").get("deletion").get(5).asDouble(),
        1e-12);
    assertTrue(ImageIO.read(png.toFile()).getWidth() > 400, "the PNG decodes");
  }

  @Test
  void badFlagsAreOneLineNamingTheFlag(@TempDir Path dir) throws Exception {
    Path data = Files.writeString(dir.resolve("d.jsonl"), "{}\n");
    CliRun points =
        run(
            new Backend(),
            "evaluate",
            "-m",
            "m",
            "--dataset",
            data.toString(),
            "--text-field",
            "prompt",
            "--curve-points",
            "1");
    assertEquals(2, points.exitCode());
    assertEquals(
        "explain4j evaluate: --curve-points 1: a curve needs at least 2 points",
        points.err().strip());
    CliRun alone =
        run(
            new Backend(),
            "evaluate",
            "-m",
            "m",
            "--dataset",
            data.toString(),
            "--curve-points",
            "3");
    assertEquals(2, alone.exitCode());
    assertTrue(
        alone.err().contains("--curve-points applies to token-level evaluation: give --text-field"),
        alone.err());
    CliRun field =
        run(
            new Backend(),
            "evaluate",
            "-m",
            "m",
            "--dataset",
            data.toString(),
            "--text-field",
            "nope");
    assertEquals(2, field.exitCode());
    assertTrue(field.err().contains("no field 'nope'"), field.err());
    assertEquals(1, field.err().strip().lines().count(), field.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
