package dev.explain4j.cli;

import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.Attributor;
import dev.explain4j.model.Model;
import dev.explain4j.render.AnsiOptions;
import dev.explain4j.render.AtomicFiles;
import dev.explain4j.render.AttributionView;
import dev.explain4j.render.ColoredTextWriter;
import dev.explain4j.render.TokenText;
import dev.explain4j.runtime.PythonRuntime;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code explain4j attribute}: Inseq's {@code attribute}, from Java. */
@Command(
    name = "attribute",
    description = "Attribute generated (or forced) tokens to the input with an Inseq method.")
final class AttributeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
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
      names = "--html",
      description = "Also write the HTML report here (with the terminal view).")
  java.nio.file.Path html;

  @Override
  public Integer call() throws Exception {
    String format = outputArgs.format();
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
    AttributionOptions options = b.build();
    PrintWriter out = spec.commandLine().getOut();
    try (Model model = modelArgs.load(spec)) {
      Attributor attributor = new Attributor(model);
      AttributionResult r =
          forced
              ? attributor.attribute(text, targetArgs.fullText(model, text), options)
              : attributor.attribute(text, options);
      AttributionView view = AttributionView.of(r);
      if (format == null) {
        out.print(
            view.ansi(outputArgs.plain ? AnsiOptions.plain() : AnsiOptions.fromEnvironment()));
      } else {
        write(format, view, r);
        out.println("wrote " + TokenText.visible(outputArgs.out.toString()));
      }
      if (html != null) {
        view.writeHtml(html, outputArgs.theme);
        out.println("wrote " + TokenText.visible(html.toString()));
      }
      out.flush();
    }
    return Main.OK;
  }

  private void write(String format, AttributionView view, AttributionResult r) throws Exception {
    var path = outputArgs.out;
    switch (format) {
      case "html" ->
          AtomicFiles.writeString(
              path,
              view.html(outputArgs.theme)
                  + ColoredTextWriter.fragment(view.step(r.steps() - 1), outputArgs.theme));
      case "png" -> view.writePng(path, outputArgs.theme);
      case "svg" -> view.writeSvg(path, outputArgs.theme);
      case "json" -> ResultFiles.writeJson(path, r);
      case "arrow" -> ResultFiles.rows(r).writeArrow(path);
      case "parquet" -> ResultFiles.rows(r).writeParquet(path, PythonRuntime.shared());
      default -> throw new IllegalStateException(format);
    }
  }
}
