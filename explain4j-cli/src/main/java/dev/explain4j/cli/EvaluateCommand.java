package dev.explain4j.cli;

import dev.explain4j.InvalidInputException;
import dev.explain4j.citation.CitationOptions;
import dev.explain4j.citation.ContextAttribution;
import dev.explain4j.citation.Faithfulness;
import dev.explain4j.data.DatasetFile;
import dev.explain4j.render.AtomicFiles;
import dev.explain4j.render.HeatmapPng;
import dev.explain4j.render.HeatmapSvg;
import dev.explain4j.render.HeatmapTable;
import dev.explain4j.render.Theme;
import dev.explain4j.render.TokenText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code explain4j evaluate}: faithfulness of context attribution methods over a dataset. */
@Command(
    name = "evaluate",
    description =
        "Score context attribution methods' faithfulness (AOPC comprehensiveness and sufficiency,"
            + " deletion and insertion curves) on a dataset of context, question (and answer).")
final class EvaluateCommand implements Callable<Integer> {
  static final int POINTS = 11;

  @Spec CommandSpec spec;
  @ParentCommand Main main;
  @Mixin ModelArgs modelArgs;

  @Option(names = "--dataset", required = true, description = "jsonl, csv or parquet records.")
  Path dataset;

  @Option(names = "--format", description = "jsonl, csv or parquet (default: from the name).")
  String format;

  @Option(names = "--limit", description = "Only the first N records.")
  Integer limit;

  @Option(
      names = "--method",
      split = ",",
      description = "Methods to score (default: ${DEFAULT-VALUE}).")
  List<String> methods = List.of("loo", "contextcite");

  @Option(
      names = "--num-ablations",
      description = "ContextCite's ablations (default: ${DEFAULT-VALUE}).")
  int numAblations = 64;

  @Option(names = "--max-new-tokens", description = "Answer length when the record has none.")
  int maxNewTokens = 32;

  @Option(names = "--table", description = "Write the table (Markdown) here.")
  Path table;

  @Option(names = "--plot", description = "Write the mean curves here (.svg or .png).")
  Path plot;

  @Override
  public Integer call() {
    if (plot != null && !plot.toString().endsWith(".svg") && !plot.toString().endsWith(".png")) {
      throw new InvalidInputException("--plot " + plot + ": the name must end in .svg or .png");
    }
    DatasetFile data = main.backend().readDataset(dataset, format, null, limit);
    if (!data.columns().contains("context") || !data.columns().contains("question")) {
      throw new InvalidInputException(
          "--dataset "
              + dataset
              + ": records need context and question fields, found "
              + data.columns());
    }
    Map<String, List<Faithfulness>> byMethod = new LinkedHashMap<>();
    methods.forEach(m -> byMethod.put(m, new ArrayList<>()));
    try (CliBackend.LoadedModel model = modelArgs.load(spec, main.backend())) {
      for (DatasetFile.Row row : data.rows()) {
        CitationOptions o =
            CitationOptions.builder()
                .optMethods(methods)
                .optAnswer(row.fields().get("answer"))
                .optNumAblations(numAblations)
                .optMaxNewTokens(maxNewTokens)
                .optEvaluate(true)
                .build();
        ContextAttribution c =
            model.cite(row.fields().get("context"), row.fields().get("question"), o);
        c.faithfulness().forEach((m, f) -> byMethod.get(m).add(f));
      }
    }
    String markdown = markdown(byMethod);
    PrintWriter out = spec.commandLine().getOut();
    out.print(markdown);
    if (table != null) {
      AtomicFiles.writeString(table, markdown);
      out.println("wrote " + TokenText.visible(table.toString()));
    }
    if (plot != null) {
      HeatmapTable t = curves(byMethod);
      if (plot.toString().endsWith(".svg")) {
        HeatmapSvg.write(plot, t, Theme.LIGHT);
      } else {
        HeatmapPng.write(plot, t, Theme.LIGHT);
      }
      out.println("wrote " + TokenText.visible(plot.toString()));
    }
    out.flush();
    return Main.OK;
  }

  /** One row per method: the means over the records. */
  static String markdown(Map<String, List<Faithfulness>> byMethod) {
    StringBuilder b =
        new StringBuilder(
            "| method | records | AOPC comprehensiveness | AOPC sufficiency | deletion area |"
                + " insertion area |\n|---|---|---|---|---|---|\n");
    byMethod.forEach(
        (m, list) ->
            b.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %d | %.4f | %.4f | %.4f | %.4f |%n",
                    m,
                    list.size(),
                    mean(list, Faithfulness::aopcComprehensiveness),
                    mean(list, Faithfulness::aopcSufficiency),
                    mean(list, Faithfulness::deletionArea),
                    mean(list, Faithfulness::insertionArea))));
    return b.toString();
  }

  /** Rows: each method's mean deletion and insertion curves, resampled at 0, 10, ..., 100%. */
  static HeatmapTable curves(Map<String, List<Faithfulness>> byMethod) {
    List<String> rows = new ArrayList<>();
    List<float[]> values = new ArrayList<>();
    byMethod.forEach(
        (m, list) -> {
          rows.add(m + " deletion");
          values.add(meanCurve(list, true));
          rows.add(m + " insertion");
          values.add(meanCurve(list, false));
        });
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < POINTS; i++) {
      columns.add((i * 100 / (POINTS - 1)) + "%");
    }
    return HeatmapTable.of(
        "Mean output vs fraction of sources removed (deletion) or kept (insertion)",
        rows,
        columns,
        values.toArray(new float[0][]));
  }

  private static float[] meanCurve(List<Faithfulness> list, boolean deletion) {
    float[] out = new float[POINTS];
    for (Faithfulness f : list) {
      double[] x = f.fractions();
      double[] y = deletion ? f.deletion() : f.insertion();
      for (int i = 0; i < POINTS; i++) {
        out[i] += (float) (interpolate(x, y, i / (double) (POINTS - 1)) / list.size());
      }
    }
    return out;
  }

  static double interpolate(double[] x, double[] y, double at) {
    for (int i = 1; i < x.length; i++) {
      if (at <= x[i]) {
        double w = (at - x[i - 1]) / (x[i] - x[i - 1]);
        return y[i - 1] + w * (y[i] - y[i - 1]);
      }
    }
    return y[y.length - 1];
  }

  private static double mean(
      List<Faithfulness> list, java.util.function.ToDoubleFunction<Faithfulness> f) {
    return list.stream().mapToDouble(f).average().orElse(Double.NaN);
  }
}
