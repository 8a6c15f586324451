package dev.explain4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.explain4j.InvalidInputException;
import dev.explain4j.attribution.ContextRelianceOptions;
import dev.explain4j.attribution.ContextRelianceResult;
import dev.explain4j.render.AnsiOptions;
import dev.explain4j.render.AtomicFiles;
import dev.explain4j.render.ContextRelianceView;
import dev.explain4j.render.Theme;
import dev.explain4j.render.TokenText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code explain4j attribute-context}: Inseq's {@code attribute-context} (PECoRe), from Java. */
@Command(
    name = "attribute-context",
    description =
        "Find the generated tokens that depend on the context (CTI) and the context tokens they"
            + " depend on (CCI), as Inseq's attribute-context.")
final class AttributeContextCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand Main main;
  @Mixin ModelArgs modelArgs;
  @Mixin ContextArgs context;

  @Option(
      names = {"--save-path", "-o"},
      description = "Write the result as JSON here.")
  Path savePath;

  @Option(names = "--viz-path", description = "Write the HTML view here.")
  Path vizPath;

  @Option(
      names = "--show-viz",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Print the terminal view (default: on; --no-show-viz turns it off).")
  boolean showViz;

  @Option(names = "--theme", description = "light, dark or auto (default: ${DEFAULT-VALUE}).")
  Theme theme = Theme.AUTO;

  @Option(names = "--plain", description = "Terminal output without colours.")
  boolean plain;

  @Override
  public Integer call() throws IOException {
    String current = currentText();
    ContextRelianceOptions options = context.options();
    PrintWriter out = spec.commandLine().getOut();
    try (CliBackend.LoadedModel model = modelArgs.load(spec, main.backend())) {
      ContextRelianceResult r = model.attributeContext(current, options);
      PrintWriter err = spec.commandLine().getErr();
      r.warnings().forEach(w -> err.println(spec.qualifiedName() + ": warning: " + w));
      err.flush();
      ContextRelianceView view = ContextRelianceView.of(r);
      if (showViz) {
        out.print(view.ansi(plain ? AnsiOptions.plain() : AnsiOptions.fromEnvironment()));
      }
      if (savePath != null) {
        AtomicFiles.writeString(savePath, Jsons.MAPPER.writeValueAsString(r));
        out.println("wrote " + TokenText.visible(savePath.toString()));
      }
      if (vizPath != null) {
        view.writeHtml(vizPath, theme);
        out.println("wrote " + TokenText.visible(vizPath.toString()));
      }
    }
    out.flush();
    return Main.OK;
  }

  private String currentText() throws IOException {
    if (context.inputCurrentText != null) {
      if (context.inputCurrentText.isEmpty()) {
        throw new InvalidInputException(
            "--input-current-text is empty; give the text the model continues");
      }
      return context.inputCurrentText;
    }
    String s = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
    if (s.isEmpty()) {
      throw new InvalidInputException(
          "no input: give --input-current-text TEXT or pipe text on standard input");
    }
    return s;
  }

  /** Inseq's {@code attribute-context} options, kebab-case. */
  static final class ContextArgs {
    @Option(
        names = {"--input-current-text", "--input", "-i"},
        description = "The input the model continues; read from standard input when absent.")
    String inputCurrentText;

    @Option(names = "--input-context-text", description = "The input context.")
    String inputContextText;

    @Option(
        names = "--input-template",
        description = "How {context} and {current} combine (default: \"{context} {current}\").")
    String inputTemplate;

    @Option(names = "--output-context-text", description = "The output context (forced).")
    String outputContextText;

    @Option(
        names = "--output-current-text",
        description = "The output to test (forced); generated with every context when absent.")
    String outputCurrentText;

    @Option(names = "--output-template", description = "As --input-template, for the output.")
    String outputTemplate;

    @Option(
        names = "--contextless-input-current-text",
        description = "The contextless input, with {current} (default: \"{current}\").")
    String contextlessInputCurrentText;

    @Option(
        names = "--contextless-output-current-text",
        description = "The contextless output, with {current} (default: \"{current}\").")
    String contextlessOutputCurrentText;

    @Option(
        names = {"--attribution-method", "-a"},
        description = "The CCI method, as for attribute (default: ${DEFAULT-VALUE}).")
    String attributionMethod = "saliency";

    @Option(
        names = {"--attributed-fn", "-fn"},
        description = "The CCI attributed function (default: probability).")
    String attributedFn;

    @Option(
        names = "--context-sensitivity-metric",
        description = "The CTI metric, a contrastive step score (default: ${DEFAULT-VALUE}).")
    String contextSensitivityMetric = "kl_divergence";

    @Option(
        names = "--context-sensitivity-std-threshold",
        description = "CTI keeps |score| >= mean + K std (default: ${DEFAULT-VALUE}).")
    double contextSensitivityStdThreshold = 1.0;

    @Option(names = "--context-sensitivity-topk", description = "At most K CTI tokens.")
    Integer contextSensitivityTopk;

    @Option(
        names = "--attribution-std-threshold",
        description = "Cues have |score| >= mean + K std (default: ${DEFAULT-VALUE}).")
    double attributionStdThreshold = 1.0;

    @Option(names = "--attribution-topk", description = "At most K cues per context.")
    Integer attributionTopk;

    @Option(
        names = "--handle-output-context-strategy",
        description = "pre or auto (default: ${DEFAULT-VALUE}).")
    String handleOutputContextStrategy = "pre";

    @Option(
        names = "--contextless-output-next-tokens",
        arity = "1..*",
        description = "One contextless token per CTI token (contrastive --attributed-fn).")
    List<String> contextlessOutputNextTokens = List.of();

    @Option(
        names = "--special-tokens-to-keep",
        arity = "1..*",
        description = "Special tokens kept in the texts.")
    List<String> specialTokensToKeep = List.of();

    @Option(
        names = "--decoder-input-output-separator",
        description = "Between input and output, decoder-only models (default: a space).")
    String decoderInputOutputSeparator = " ";

    @Option(names = "--normalize-attributions", description = "Normalise the CCI scores.")
    boolean normalizeAttributions;

    @Option(names = "--max-new-tokens", description = "Tokens to generate (default: the model's).")
    Integer maxNewTokens;

    @Option(
        names = "--generation-kwargs",
        description = "Generation arguments as a JSON object, for example {\"do_sample\": false}.")
    String generationKwargs;

    @Option(
        names = "--attribution-kwargs",
        description = "Method arguments as a JSON object, for example {\"n_steps\": 20}.")
    String attributionKwargs;

    ContextRelianceOptions options() {
      for (String[] text :
          new String[][] {
            {"--input-context-text", inputContextText}, {"--output-context-text", outputContextText}
          }) {
        if (text[1] != null && text[1].isBlank()) {
          throw new InvalidInputException(
              text[0] + " is empty; give a context, or leave the option out for none");
        }
      }
      ContextRelianceOptions.Builder b =
          ContextRelianceOptions.builder()
              .optInputContextText(inputContextText)
              .optInputTemplate(inputTemplate)
              .optOutputContextText(outputContextText)
              .optOutputCurrentText(outputCurrentText)
              .optOutputTemplate(outputTemplate)
              .optContextlessInputCurrentText(contextlessInputCurrentText)
              .optContextlessOutputCurrentText(contextlessOutputCurrentText)
              .optAttributionMethod(attributionMethod)
              .optAttributedFn(attributedFn)
              .optContextSensitivityMetric(contextSensitivityMetric)
              .optContextSensitivityStdThreshold(contextSensitivityStdThreshold)
              .optContextSensitivityTopk(contextSensitivityTopk)
              .optAttributionStdThreshold(attributionStdThreshold)
              .optAttributionTopk(attributionTopk)
              .optHandleOutputContextStrategy(handleOutputContextStrategy)
              .optContextlessOutputNextTokens(contextlessOutputNextTokens.toArray(String[]::new))
              .optSpecialTokensToKeep(specialTokensToKeep.toArray(String[]::new))
              .optDecoderInputOutputSeparator(decoderInputOutputSeparator)
              .optNormalizeAttributions(normalizeAttributions);
      json("--generation-kwargs", generationKwargs).forEach(b::optGenerationArg);
      json("--attribution-kwargs", attributionKwargs).forEach(b::optMethodArg);
      if (maxNewTokens != null) {
        b.optGenerationArg("max_new_tokens", maxNewTokens);
      }
      return b.build();
    }

    private static Map<String, Object> json(String flag, String text) {
      if (text == null) {
        return Map.of();
      }
      try {
        return Jsons.MAPPER.readValue(text, new TypeReference<Map<String, Object>>() {});
      } catch (JsonProcessingException e) {
        throw new InvalidInputException(flag + " is not a JSON object: " + e.getOriginalMessage());
      }
    }
  }
}
