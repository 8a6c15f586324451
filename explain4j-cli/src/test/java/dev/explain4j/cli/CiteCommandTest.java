package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Doctor;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.citation.CitationOptions;
import dev.explain4j.citation.ContextAttribution;
import dev.explain4j.citation.Faithfulness;
import dev.explain4j.data.DatasetFile;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelInfo;
import dev.explain4j.model.ModelOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cite} and {@code evaluate} over a fake engine: no Python. */
class CiteCommandTest {
  static final String HOSTILE = "<script>alert(1)</script> \u001b[31mred";

  /** A fixed attribution: two sources, one answer sentence, faithfulness for both methods. */
  static ContextAttribution fixed(CitationOptions o) {
    String prompt = "Q: Paris is in France. " + HOSTILE;
    List<ContextAttribution.Source> sources =
        List.of(
            new ContextAttribution.Source(3, 22, 1, 6, "Paris is in France."),
            new ContextAttribution.Source(23, prompt.length(), 6, 12, HOSTILE));
    double[][] loo = {{1.5, -0.25}, {1.5, -0.25}};
    double[][] cc = {{0.75, 0.0}, {0.75, 0.0}};
    Faithfulness f =
        new Faithfulness(
            -1.0,
            List.of(1, 1, 1, 1, 1),
            new double[] {2, 2, 2, 2, 2},
            new double[] {0.5, 0.5, 0.5, 0.5, 0.5},
            2.0,
            0.5,
            new double[] {0, 0.5, 1},
            new double[] {-1, -3, -4},
            new double[] {-4, -1.5, -1},
            -2.75,
            -2.0);
    return new ContextAttribution(
        prompt,
        List.of(1, 2, 3),
        sources,
        " Paris.",
        List.of(5, 6),
        List.of(new ContextAttribution.Sentence(1, 7, 0, 2, "Paris.")),
        ordered("loo", loo, "contextcite", cc),
        o.evaluate() ? ordered("loo", f, "contextcite", f) : Map.of(),
        o,
        null,
        0.1);
  }

  private static <T> Map<String, T> ordered(String k1, T v1, String k2, T v2) {
    Map<String, T> m = new java.util.LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
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
          return null;
        }

        @Override
        public List<String> warnings() {
          return List.of();
        }

        @Override
        public List<AttributionResult> attribute(
            List<String> inputs, List<String> targets, AttributionOptions o) {
          throw new UnsupportedOperationException();
        }

        @Override
        public ContextAttribution cite(String context, String question, CitationOptions o) {
          calls.add(
              context
                  + "|"
                  + question
                  + "|"
                  + o.methods()
                  + "|"
                  + o.numAblations()
                  + "|"
                  + o.answer());
          return fixed(o);
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
          List.of("context", "question", "answer"),
          List.of(
              new DatasetFile.Row(0, Map.of("context", "A. B.", "question", "Q1", "answer", "x")),
              new DatasetFile.Row(1, Map.of("context", "C. D.", "question", "Q2", "answer", "y"))),
          List.of());
    }
  }

  private static CliRun run(Backend backend, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(backend);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new CliRun(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void citePrintsTheTableAndWritesAnEscapedPage(@TempDir Path dir) throws Exception {
    Path context = Files.writeString(dir.resolve("ctx.txt"), "Paris is in France.");
    Path html = dir.resolve("cite.html");
    Backend b = new Backend();
    CliRun r =
        run(
            b,
            "cite",
            "-m",
            "m",
            "--context",
            context.toString(),
            "--question",
            "Where?",
            "--num-ablations",
            "32",
            "--evaluate",
            "--html",
            html.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(List.of("Paris is in France.|Where?|[loo, contextcite]|32|null"), b.calls);
    assertTrue(r.out().contains("1\t1.5000\t0.7500\tParis is in France."), r.out());
    assertTrue(r.out().contains("sentence 1 top sources: loo 1 contextcite 1"), r.out());
    assertTrue(r.out().contains("faithfulness loo: AOPC comprehensiveness 2.0000"), r.out());
    assertFalse(r.out().contains("\u001b[31m"), "terminal escapes are shown, not sent");
    String page = Files.readString(html);
    assertFalse(page.contains("<script>alert"), "source text is escaped");
    assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(page.contains("data-score=\"0.7500\""), "the page shows the last method's scores");
  }

  @Test
  void citeBadInputIsOneLineWithTheFlag(@TempDir Path dir) throws Exception {
    CliRun missing =
        run(
            new Backend(),
            "cite",
            "-m",
            "m",
            "--context",
            dir.resolve("no.txt").toString(),
            "--question",
            "Q");
    assertEquals(2, missing.exitCode());
    assertTrue(
        missing
            .err()
            .startsWith("explain4j cite: --context " + dir.resolve("no.txt") + ": no such file"),
        missing.err());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    Path empty = Files.writeString(dir.resolve("empty.txt"), "  \n");
    CliRun blank =
        run(new Backend(), "cite", "-m", "m", "--context", empty.toString(), "--question", "Q");
    assertEquals(2, blank.exitCode());
    assertTrue(blank.err().contains("the context is empty"), blank.err());
  }

  @Test
  void evaluateWritesTableAndPlot(@TempDir Path dir) throws Exception {
    Backend b = new Backend();
    Path table = dir.resolve("t.md");
    Path svg = dir.resolve("curves.svg");
    CliRun r =
        run(
            b,
            "evaluate",
            "-m",
            "m",
            "--dataset",
            dir.resolve("d.jsonl").toString(),
            "--table",
            table.toString(),
            "--plot",
            svg.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(2, b.calls.size());
    assertTrue(b.calls.get(0).endsWith("|x"), "a record's answer is forced");
    assertTrue(
        Files.readString(table).contains("| loo | 2 | 2.0000 | 0.5000 | -2.7500 | -2.0000 |"));
    String plot = Files.readString(svg);
    assertTrue(plot.startsWith("<?xml"), plot.substring(0, 40));
    assertEquals(4, plot.split("<polyline ", -1).length - 1, "two panels, one line per method");
    assertTrue(plot.contains("data-series=\"contextcite\"") && plot.contains("Deletion"), plot);
    var curves =
        FaithfulnessTable.meanCurve(
            List.of(
                fixed(CitationOptions.builder().optEvaluate(true).build())
                    .faithfulness()
                    .get("loo")),
            true);
    assertEquals(-3.0, curves[5], 1e-12);
    assertEquals(
        -2.0,
        FaithfulnessTable.interpolate(new double[] {0, 0.5, 1}, new double[] {-1, -3, -4}, 0.25),
        1e-12);
    CliRun bad =
        run(b, "evaluate", "-m", "m", "--dataset", "d", "--plot", dir.resolve("x.gif").toString());
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().startsWith("explain4j evaluate: --plot "), bad.err());
  }
}
