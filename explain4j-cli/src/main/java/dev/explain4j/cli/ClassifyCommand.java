package dev.explain4j.cli;

import dev.explain4j.attribution.Classification;
import dev.explain4j.attribution.ClassifyOptions;
import dev.explain4j.render.AnsiOptions;
import dev.explain4j.render.AtomicFiles;
import dev.explain4j.render.ClassificationView;
import dev.explain4j.render.TokenText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code explain4j classify}: explain an encoder's task head (the head comes from its config). */
@Command(
    name = "classify",
    description =
        "Explain a classifier, token tagger, extractive QA, fill-mask or zero-shot NLI model:"
            + " the prediction and each label's word attributions.")
final class ClassifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand Main main;
  @Mixin ModelArgs modelArgs;
  @Mixin InputArgs inputArgs;
  @Mixin OutputArgs outputArgs;

  @Option(
      names = {"--pair", "--context"},
      description = "The second segment: a question's context, an NLI hypothesis.")
  String pair;

  @Option(
      names = {"--label", "-l"},
      split = ",",
      description = "Labels to explain instead of the predicted ones (masked LM: tokens).")
  List<String> labels = new ArrayList<>();

  @Option(
      names = "--candidate-labels",
      split = ",",
      description = "Zero-shot classification over an NLI model with these labels.")
  List<String> candidates = new ArrayList<>();

  @Option(
      names = "--hypothesis-template",
      description = "Zero-shot hypothesis, {} for the label (default: ${DEFAULT-VALUE}).")
  String template = "This example is {}.";

  @Option(
      names = {"--method", "-a"},
      description = "A method of the catalogue (default: ${DEFAULT-VALUE}); also kernel_shap.")
  String method = "saliency";

  @Option(
      names = "--attributed-fn",
      description = "probability or logit (default: ${DEFAULT-VALUE}).")
  String attributedFn = "probability";

  @Option(names = "--n-steps", description = "The method's n_steps (integrated_gradients).")
  Integer nSteps;

  @Option(names = "--tokens", description = "One row per token instead of per word.")
  boolean tokens;

  @Override
  public Integer call() throws Exception {
    String format = outputArgs.format();
    String text = inputArgs.text(System.in);
    ClassifyOptions.Builder b =
        ClassifyOptions.builder()
            .optMethod(method)
            .optAttributedFn(attributedFn)
            .optLabels(labels.toArray(String[]::new))
            .optCandidateLabels(candidates.toArray(String[]::new))
            .optHypothesisTemplate(template);
    if (nSteps != null) {
      b.optMethodArg("n_steps", nSteps);
    }
    ClassifyOptions options = b.build();
    PrintWriter out = spec.commandLine().getOut();
    try (CliBackend.LoadedModel model = modelArgs.load(spec, main.backend())) {
      List<Classification> all =
          model.classify(List.of(text), pair == null ? null : List.of(pair), options);
      try {
        for (int i = 0; i < all.size(); i++) {
          ClassificationView view =
              tokens ? ClassificationView.tokens(all.get(i)) : ClassificationView.of(all.get(i));
          if (format == null) {
            out.print(
                view.ansi(outputArgs.plain ? AnsiOptions.plain() : AnsiOptions.fromEnvironment()));
          } else {
            var path = all.size() == 1 ? outputArgs.out : numbered(outputArgs.out, i);
            write(format, path, view, all.get(i));
            out.println("wrote " + TokenText.visible(path.toString()));
          }
        }
      } finally {
        all.forEach(Classification::close);
      }
    }
    out.flush();
    return Main.OK;
  }

  /** {@code out.html} → {@code out-1.html} for the second of several explanations (zero-shot). */
  private static java.nio.file.Path numbered(java.nio.file.Path p, int i) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot < 0 ? name : name.substring(0, dot);
    String ext = dot < 0 ? "" : name.substring(dot);
    return p.resolveSibling(i == 0 ? name : stem + "-" + i + ext);
  }

  private void write(
      String format, java.nio.file.Path path, ClassificationView view, Classification c)
      throws Exception {
    switch (format) {
      case "html" -> view.writeHtml(path, outputArgs.theme);
      case "png" -> view.writePng(path, outputArgs.theme);
      case "svg" -> view.writeSvg(path, outputArgs.theme);
      case "json" -> AtomicFiles.writeString(path, Jsons.MAPPER.writeValueAsString(c));
      case "arrow" -> ResultFiles.rows(c.attribution()).writeArrow(path);
      case "parquet" ->
          ResultFiles.rows(c.attribution()).writeParquet(path, main.backend()::arrowToParquet);
      default -> throw new IllegalStateException(format);
    }
  }
}
