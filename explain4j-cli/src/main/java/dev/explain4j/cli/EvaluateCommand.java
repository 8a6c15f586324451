package dev.explain4j.cli;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.Classification;
import dev.explain4j.attribution.ClassifyOptions;
import dev.explain4j.citation.CitationOptions;
import dev.explain4j.citation.ContextAttribution;
import dev.explain4j.citation.FaithfulnessOptions;
import dev.explain4j.data.DatasetFile;
import dev.explain4j.model.ModelKind;
import dev.explain4j.render.AtomicFiles;
import dev.explain4j.render.LineChart;
import dev.explain4j.render.LineChartPng;
import dev.explain4j.render.LineChartSvg;
import dev.explain4j.render.Theme;
import dev.explain4j.render.TokenText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code explain4j evaluate}: faithfulness of attribution methods over a dataset, per method:
 * context attribution over sources (records of context, question and answer), or, with {@code
 * --text-field}, token-level methods over prompts (generative models) or texts (sequence
 * classifiers).
 */
@Command(
    name = "evaluate",
    description = {
      "Score attribution methods' faithfulness (AOPC comprehensiveness and sufficiency, deletion"
          + " and insertion curves) over a dataset, one table row per method.",
      "Without --text-field: context attribution methods on records of context, question (and"
          + " answer), over the context's sentences.",
      "With --text-field: token-level methods on prompts (generative models: each generated"
          + " token's probability) or texts (sequence classifiers: the predicted label's"
          + " probability), over their tokens, with soft comprehensiveness and sufficiency."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand Main main;
  @Mixin ModelArgs modelArgs;

  @Option(
      names = "--dataset",
      paramLabel = "FILE",
      required = true,
      description = "jsonl, csv or parquet records.")
  Path dataset;

  @Option(names = "--format", description = "jsonl, csv or parquet (default: from the name).")
  String format;

  @Option(names = "--limit", description = "Only the first N records.")
  Integer limit;

  @Option(
      names = "--text-field",
      paramLabel = "FIELD",
      description = "Evaluate token-level methods on this field: a prompt or a text to classify.")
  String textField;

  @Option(
      names = "--target-field",
      paramLabel = "FIELD",
      description =
          "With --text-field: a forced target (generation) or the second segment (classifiers).")
  String targetField;

  @Option(
      names = "--method",
      split = ",",
      paramLabel = "M",
      description =
          "Methods, comma-separated (default: loo,contextcite; with --text-field: saliency).")
  List<String> methods;

  @Option(
      names = "--num-ablations",
      description = "ContextCite's ablations (default: ${DEFAULT-VALUE}).")
  int numAblations = 64;

  @Option(
      names = "--max-new-tokens",
      description = "Tokens to generate when a record has no answer or target (default: 32).")
  int maxNewTokens = 32;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of ContextCite's ablations, or of the soft scores' masks (default: 0).")
  long seed;

  @Option(
      names = "--curve-points",
      paramLabel = "N",
      description = "With --text-field: points per curve (default: one per token count).")
  Integer curvePoints;

  @Option(
      names = "--table",
      paramLabel = "FILE",
      description = "Write the table here: .csv, .json, else Markdown.")
  Path table;

  @Option(
      names = "--plot",
      paramLabel = "FILE",
      description = "Draw the mean curves here as line charts (.svg or .png).")
  Path plot;

  @Override
  public Integer call() {
    String name = plot == null ? "" : plot.toString();
    if (plot != null && !name.endsWith(".svg") && !name.endsWith(".png")) {
      throw new InvalidInputException("--plot " + plot + ": the name must end in .svg or .png");
    }
    boolean tokens = textField != null;
    if (!tokens && (targetField != null || curvePoints != null)) {
      throw new InvalidInputException(
          (targetField != null ? "--target-field" : "--curve-points")
              + " applies to token-level evaluation: give --text-field too");
    }
    List<String> chosen =
        methods != null ? methods : tokens ? List.of("saliency") : List.of("loo", "contextcite");
    FaithfulnessTable results = new FaithfulnessTable(tokens, chosen);
    String units;
    String score;
    try (CliBackend.LoadedModel model = modelArgs.load(spec, main.backend())) {
      if (tokens) {
        boolean classifier = model.kind() == ModelKind.ENCODER_ONLY;
        units = classifier ? "input tokens" : "prompt tokens";
        score = classifier ? "label probability" : "token probability";
        tokens(model, chosen, classifier, results);
      } else {
        units = "sources";
        score = "answer log-probability";
        sources(model, chosen, results);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(TokenText.visibleLines(results.markdown()));
    if (table != null) {
      String t = table.toString();
      AtomicFiles.writeString(
          table,
          t.endsWith(".csv")
              ? results.csv()
              : t.endsWith(".json") ? results.json() : results.markdown());
      out.println("wrote " + TokenText.visible(t));
    }
    if (plot != null) {
      LineChart chart = results.chart(units, score);
      if (name.endsWith(".svg")) {
        LineChartSvg.write(plot, chart, Theme.LIGHT);
      } else {
        LineChartPng.write(plot, chart, Theme.LIGHT);
      }
      out.println("wrote " + TokenText.visible(name));
    }
    out.flush();
    return Main.OK;
  }

  private void sources(CliBackend.LoadedModel model, List<String> chosen, FaithfulnessTable into) {
    DatasetFile data = main.backend().readDataset(dataset, format, null, limit);
    if (!data.columns().contains("context") || !data.columns().contains("question")) {
      throw new InvalidInputException(
          "--dataset "
              + dataset
              + ": records need context and question fields (or give --text-field), found "
              + data.columns());
    }
    for (DatasetFile.Row row : data.rows()) {
      CitationOptions o =
          CitationOptions.builder()
              .optMethods(chosen)
              .optAnswer(row.fields().get("answer"))
              .optNumAblations(numAblations)
              .optSeed(seed)
              .optMaxNewTokens(maxNewTokens)
              .optEvaluate(true)
              .build();
      ContextAttribution c =
          model.cite(row.fields().get("context"), row.fields().get("question"), o);
      c.faithfulness().forEach(into::add);
    }
  }

  private void tokens(
      CliBackend.LoadedModel model,
      List<String> chosen,
      boolean classifier,
      FaithfulnessTable into) {
    DatasetRecords data =
        DatasetRecords.read(
            main.backend(), dataset, format, null, limit, textField, targetField, null);
    PrintWriter err = spec.commandLine().getErr();
    data.unreadable()
        .forEach(u -> err.println("explain4j evaluate: skipping " + TokenText.visible(u)));
    FaithfulnessOptions fo =
        FaithfulnessOptions.builder().optCurvePoints(curvePoints).optSeed(seed).build();
    for (String method : chosen) {
      for (DatasetRecords.Record r : data.records()) {
        List<String> text = List.of(r.text());
        List<String> target = targetField == null ? null : List.of(r.target());
        if (classifier) {
          List<Classification> cs =
              model.classify(text, target, ClassifyOptions.builder().optMethod(method).build());
          try {
            cs.forEach(c -> into.add(method, model.faithfulness(c, fo)));
          } finally {
            cs.forEach(Classification::close);
          }
        } else {
          AttributionOptions o =
              AttributionOptions.builder().optMethod(method).optMaxNewTokens(maxNewTokens).build();
          List<AttributionResult> rs = model.attribute(text, target, o);
          try {
            rs.forEach(a -> into.add(method, model.faithfulness(a, fo)));
          } finally {
            rs.forEach(AttributionResult::close);
          }
        }
      }
    }
  }
}
