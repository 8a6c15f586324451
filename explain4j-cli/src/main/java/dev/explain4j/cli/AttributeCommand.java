package dev.explain4j.cli;

import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.ScorePrecision;
import dev.explain4j.render.AnsiOptions;
import dev.explain4j.render.AttributionPageOptions;
import dev.explain4j.render.AttributionView;
import dev.explain4j.render.TokenText;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code explain4j attribute}: Inseq's {@code attribute}, from Java. */
@Command(
    name = "attribute",
    description = "Attribute generated (or forced) tokens to the input with an Inseq method.")
final class AttributeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand Main main;
  @Mixin ModelArgs modelArgs;
  @Mixin InputArgs inputArgs;
  @Mixin OutputArgs outputArgs;
  @Mixin TargetArgs targetArgs;

  @Option(
      names = {"--method", "-a"},
      description = "An Inseq method, listed below (default: ${DEFAULT-VALUE}).")
  String method = "saliency";

  @Option(
      names = "--step-scores",
      split = ",",
      description = "Step scores, comma-separated, listed below.")
  List<String> stepScores = List.of();

  @Option(
      names = "--step-score-arg",
      paramLabel = "NAME=VALUE",
      description =
          "A step score argument with Inseq's name (repeatable), for example top_p=0.9 for"
              + " top_p_size or n_mcd_steps=10 for mc_dropout_prob_avg.")
  java.util.Map<String, String> stepScoreArgs = new java.util.LinkedHashMap<>();

  @Option(
      names = "--attributed-fn",
      description = "The function attributed, listed below (default: probability, as Inseq).")
  String attributedFn;

  @Option(
      names = "--max-new-tokens",
      description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
  int maxNewTokens = 10;

  @Option(
      names = "--n-steps",
      description = "The method's n_steps (integrated_gradients; default listed below).")
  Integer nSteps;

  @Option(
      names = "--target-layer",
      description = "The layer a layer_* method attributes at (default: the embedding layer).")
  String targetLayer;

  @Option(
      names = "--scores-precision",
      paramLabel = "P",
      description =
          "Store scores in json, arrow and parquet output as float32 (default), float16 or float8"
              + " (Inseq's scores_precision; smaller files, rounded values).")
  String scoresPrecision = "float32";

  @Option(
      names = "--max-show-size",
      description =
          "HTML report: indices shown per dimension beyond tokens and steps (Inseq's"
              + " max_show_size; default: ${DEFAULT-VALUE}).")
  int maxShowSize = 20;

  @Option(
      names = "--step-score-highlight",
      paramLabel = "NAME",
      description =
          "HTML report: colour the generated tokens by this step score (Inseq's"
              + " step_score_highlight; it must be in --step-scores).")
  String stepScoreHighlight;

  @Option(
      names = "--html",
      description = "Also write the HTML report here (with the terminal view).")
  java.nio.file.Path html;

  @Override
  public Integer call() throws Exception {
    String format = outputArgs.format();
    if (maxShowSize < 1) {
      throw new dev.explain4j.InvalidInputException(
          "--max-show-size must be at least 1, got " + maxShowSize);
    }
    if (stepScoreHighlight != null && !stepScores.contains(stepScoreHighlight)) {
      throw new dev.explain4j.InvalidInputException(
          "--step-score-highlight '"
              + stepScoreHighlight
              + "' is not among --step-scores ("
              + (stepScores.isEmpty() ? "none given" : String.join(", ", stepScores))
              + ")");
    }
    ScorePrecision precision;
    try {
      precision = ScorePrecision.of(scoresPrecision);
    } catch (dev.explain4j.InvalidInputException e) {
      throw new dev.explain4j.InvalidInputException("--scores-precision: " + e.getMessage(), e);
    }
    boolean forced = targetArgs.given(spec);
    String text = inputArgs.text(System.in);
    AttributionOptions.Builder b =
        AttributionOptions.builder()
            .optMethod(method)
            .optMaxNewTokens(maxNewTokens)
            .optStepScores(stepScores.toArray(String[]::new))
            .optAttributedFn(attributedFn);
    if (nSteps != null) {
      b.optMethodArg("n_steps", nSteps);
    }
    if (targetLayer != null) {
      b.optTargetLayer(targetLayer);
    }
    stepScoreArgs.forEach((name, value) -> b.optStepScoreArg(name, literal(value)));
    AttributionOptions options = b.build();
    PrintWriter out = spec.commandLine().getOut();
    try (CliBackend.LoadedModel model = modelArgs.load(spec, main.backend())) {
      List<String> targets = forced ? List.of(targetArgs.fullText(model.kind(), text)) : null;
      try (AttributionResult r = model.attribute(List.of(text), targets, options).get(0)) {
        report(out, format, r, precision);
      }
    }
    return Main.OK;
  }

  private AttributionPageOptions pageOptions() {
    return new AttributionPageOptions(maxShowSize, stepScoreHighlight);
  }

  /** A flag's value as a boolean, an integer, a number or else the text itself. */
  static Object literal(String value) {
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException notInteger) {
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException notNumber) {
        return value;
      }
    }
  }

  /** Prints or writes one result; the caller closes it. */
  private void report(PrintWriter out, String format, AttributionResult r, ScorePrecision precision)
      throws Exception {
    AttributionView view = AttributionView.of(r);
    if (format == null) {
      out.print(view.ansi(outputArgs.plain ? AnsiOptions.plain() : AnsiOptions.fromEnvironment()));
    } else {
      write(format, view, r, precision);
      out.println("wrote " + TokenText.visible(outputArgs.out.toString()));
    }
    if (html != null) {
      view.writeGranularHtml(html, outputArgs.theme, pageOptions());
      out.println("wrote " + TokenText.visible(html.toString()));
    }
    out.flush();
  }

  private void write(
      String format, AttributionView view, AttributionResult r, ScorePrecision precision)
      throws Exception {
    var path = outputArgs.out;
    switch (format) {
      case "html" -> view.writeGranularHtml(path, outputArgs.theme, pageOptions());
      case "png" -> view.writePng(path, outputArgs.theme);
      case "svg" -> view.writeSvg(path, outputArgs.theme);
      case "json" -> ResultFiles.writeJson(path, r, precision);
      case "arrow" -> ResultFiles.rows(r, precision).writeArrow(path);
      case "parquet" ->
          ResultFiles.rows(r, precision).writeParquet(path, main.backend()::arrowToParquet);
      default -> throw new IllegalStateException(format);
    }
  }
}
