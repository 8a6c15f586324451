package dev.explain4j.attribution;

import dev.explain4j.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to find context reliance (PECoRe, Inseq's {@code attribute-context}): the contexts and
 * templates, the CTI metric and selection, the CCI method and selection. Build with {@link
 * #builder()}; names and defaults are Inseq's, except {@code handleOutputContextStrategy}, which is
 * {@code pre} (Inseq's interactive {@code manual} is not offered).
 *
 * @param inputContextText the input context, or null for none
 * @param inputTemplate how context and current input combine, or null ({@code "{context}
 *     {current}"} with a context, {@code "{current}"} without)
 * @param outputContextText the output context, or null
 * @param outputCurrentText the output to test (forced), or null to generate it
 * @param outputTemplate how output context and current combine, or null (as {@code inputTemplate})
 * @param contextlessInputCurrentText the contextless input, with {@code {current}}, or null
 * @param contextlessOutputCurrentText the contextless output, with {@code {current}}, or null
 * @param attributionMethod the CCI method, a catalogue name (default {@code saliency})
 * @param attributedFn the CCI attributed function, or null for {@code probability}
 * @param methodArgs the method's arguments, for example {@code n_steps}
 * @param contextSensitivityMetric the CTI metric, a contrastive step score (default {@code
 *     kl_divergence})
 * @param contextSensitivityStdThreshold CTI keeps tokens with |score| at least mean + this × std
 * @param contextSensitivityTopk at most this many CTI tokens, or null for no limit
 * @param attributionStdThreshold cue tokens have |score| at least mean + this × std
 * @param attributionTopk at most this many cues per context, or null for no limit
 * @param handleOutputContextStrategy {@code pre} (the output context must be given when the output
 *     template has one) or {@code auto} (split the generated output)
 * @param contextlessOutputNextTokens for contrastive attributed functions, the contextless token to
 *     force at each selected position (one per CTI token), or empty to generate it
 * @param specialTokensToKeep special tokens kept in the texts
 * @param decoderInputOutputSeparator between input and output for decoder-only models
 * @param normalizeAttributions normalise the CCI scores (Inseq's {@code --normalize-attributions};
 *     off by default)
 * @param generationArgs arguments for generation, for example {@code max_new_tokens}
 */
public record ContextRelianceOptions(
    String inputContextText,
    String inputTemplate,
    String outputContextText,
    String outputCurrentText,
    String outputTemplate,
    String contextlessInputCurrentText,
    String contextlessOutputCurrentText,
    String attributionMethod,
    String attributedFn,
    Map<String, Object> methodArgs,
    String contextSensitivityMetric,
    double contextSensitivityStdThreshold,
    Integer contextSensitivityTopk,
    double attributionStdThreshold,
    Integer attributionTopk,
    String handleOutputContextStrategy,
    List<String> contextlessOutputNextTokens,
    List<String> specialTokensToKeep,
    String decoderInputOutputSeparator,
    boolean normalizeAttributions,
    Map<String, Object> generationArgs) {

  /** The strategies offered for an output context that must be split from the generation. */
  public static final List<String> STRATEGIES = List.of("pre", "auto");

  public ContextRelianceOptions {
    blank(inputContextText, "optInputContextText", "input context");
    blank(outputContextText, "optOutputContextText", "output context");
    finite(contextSensitivityStdThreshold, "optContextSensitivityStdThreshold");
    finite(attributionStdThreshold, "optAttributionStdThreshold");
    positive(contextSensitivityTopk, "optContextSensitivityTopk");
    positive(attributionTopk, "optAttributionTopk");
    if (!STRATEGIES.contains(handleOutputContextStrategy)) {
      throw new InvalidInputException(
          "unknown handle output context strategy in {option}; use one of "
              + String.join(", ", STRATEGIES),
          "ContextRelianceOptions.optHandleOutputContextStrategy",
          handleOutputContextStrategy,
          null);
    }
    templates(
        inputTemplate,
        outputTemplate,
        contextlessInputCurrentText,
        contextlessOutputCurrentText,
        inputContextText,
        outputContextText,
        handleOutputContextStrategy);
    methodArgs = Map.copyOf(methodArgs);
    contextlessOutputNextTokens = List.copyOf(contextlessOutputNextTokens);
    specialTokensToKeep = List.copyOf(specialTokensToKeep);
    generationArgs = Map.copyOf(generationArgs);
  }

  private static void templates(
      String in,
      String out,
      String ctxlessIn,
      String ctxlessOut,
      String inContext,
      String outContext,
      String strategy) {
    String[][] named = {
      {in, "optInputTemplate"},
      {out, "optOutputTemplate"},
      {ctxlessIn, "optContextlessInputCurrentText"},
      {ctxlessOut, "optContextlessOutputCurrentText"}
    };
    for (String[] t : named) {
      if (t[0] != null && !t[0].contains("{current}")) {
        throw refusal("{option} lacks the {current} placeholder", t[1], t[0]);
      }
    }
    if (in != null && in.contains("{context}") && inContext == null) {
      throw refusal("{option} has {context} but no input context text is given", named[0][1], in);
    }
    if (out != null && out.contains("{context}")) {
      if (out.indexOf("{context}") > out.indexOf("{current}")) {
        throw refusal("{option} must put {context} before {current}", named[1][1], out);
      }
      if (outContext == null && "pre".equals(strategy)) {
        throw refusal(
            "{option} has {context} but no output context text is given (the auto output"
                + " context strategy splits the generated output instead)",
            named[1][1],
            out);
      }
    }
  }

  private static InvalidInputException refusal(String template, String method, Object value) {
    return new InvalidInputException(template, "ContextRelianceOptions." + method, value, null);
  }

  private static void blank(String text, String method, String what) {
    if (text != null && text.isBlank()) {
      throw new InvalidInputException(
          "ContextRelianceOptions."
              + method
              + ": the "
              + what
              + " is empty; give text or leave it unset");
    }
  }

  private static void finite(double v, String method) {
    if (!Double.isFinite(v)) {
      throw new InvalidInputException(
          "{option} must be finite", "ContextRelianceOptions." + method, v, null);
    }
  }

  private static void positive(Integer v, String method) {
    if (v != null && v < 1) {
      throw new InvalidInputException(
          "{option} must be at least 1", "ContextRelianceOptions." + method, v, null);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The same options in a builder, to change some. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.inputContextText = inputContextText;
    b.inputTemplate = inputTemplate;
    b.outputContextText = outputContextText;
    b.outputCurrentText = outputCurrentText;
    b.outputTemplate = outputTemplate;
    b.contextlessInputCurrentText = contextlessInputCurrentText;
    b.contextlessOutputCurrentText = contextlessOutputCurrentText;
    b.attributionMethod = attributionMethod;
    b.attributedFn = attributedFn;
    b.methodArgs.putAll(methodArgs);
    b.contextSensitivityMetric = contextSensitivityMetric;
    b.contextSensitivityStdThreshold = contextSensitivityStdThreshold;
    b.contextSensitivityTopk = contextSensitivityTopk;
    b.attributionStdThreshold = attributionStdThreshold;
    b.attributionTopk = attributionTopk;
    b.handleOutputContextStrategy = handleOutputContextStrategy;
    b.contextlessOutputNextTokens.addAll(contextlessOutputNextTokens);
    b.specialTokensToKeep.addAll(specialTokensToKeep);
    b.decoderInputOutputSeparator = decoderInputOutputSeparator;
    b.normalizeAttributions = normalizeAttributions;
    b.generationArgs.putAll(generationArgs);
    return b;
  }

  /** The CCI method, function and arguments, as attribution options (for the catalogue check). */
  AttributionOptions attributionOptions() {
    AttributionOptions.Builder b =
        AttributionOptions.builder().optMethod(attributionMethod).optAttributedFn(attributedFn);
    methodArgs.forEach(b::optMethodArg);
    return b.build();
  }

  /** The keyword arguments of {@code explain4j.attribution.context.run}. */
  Map<String, Object> toPython() {
    Map<String, Object> kw = new LinkedHashMap<>();
    put(kw, "input_context_text", inputContextText);
    put(kw, "input_template", inputTemplate);
    put(kw, "output_context_text", outputContextText);
    put(kw, "output_current_text", outputCurrentText);
    put(kw, "output_template", outputTemplate);
    put(kw, "contextless_input_current_text", contextlessInputCurrentText);
    put(kw, "contextless_output_current_text", contextlessOutputCurrentText);
    kw.put("attribution_method", attributionMethod);
    put(kw, "attributed_fn", attributedFn);
    kw.put("attribution_args", methodArgs);
    kw.put("context_sensitivity_metric", contextSensitivityMetric);
    kw.put("context_sensitivity_std_threshold", contextSensitivityStdThreshold);
    put(kw, "context_sensitivity_topk", contextSensitivityTopk);
    kw.put("handle_output_context_strategy", handleOutputContextStrategy);
    kw.put("contextless_output_next_tokens", contextlessOutputNextTokens);
    kw.put("special_tokens_to_keep", specialTokensToKeep);
    kw.put("decoder_input_output_separator", decoderInputOutputSeparator);
    kw.put("generation_args", generationArgs);
    return kw;
  }

  private static void put(Map<String, Object> kw, String key, Object value) {
    if (value != null) {
      kw.put(key, value);
    }
  }

  /** Builder; {@code optX} setters, validated in {@link #build()}. */
  public static final class Builder {
    private String inputContextText;
    private String inputTemplate;
    private String outputContextText;
    private String outputCurrentText;
    private String outputTemplate;
    private String contextlessInputCurrentText;
    private String contextlessOutputCurrentText;
    private String attributionMethod = "saliency";
    private String attributedFn;
    private final Map<String, Object> methodArgs = new LinkedHashMap<>();
    private String contextSensitivityMetric = "kl_divergence";
    private double contextSensitivityStdThreshold = 1.0;
    private Integer contextSensitivityTopk;
    private double attributionStdThreshold = 1.0;
    private Integer attributionTopk;
    private String handleOutputContextStrategy = "pre";
    private final List<String> contextlessOutputNextTokens = new ArrayList<>();
    private final List<String> specialTokensToKeep = new ArrayList<>();
    private String decoderInputOutputSeparator = " ";
    private boolean normalizeAttributions;
    private final Map<String, Object> generationArgs = new LinkedHashMap<>();

    public Builder optInputContextText(String text) {
      this.inputContextText = text;
      return this;
    }

    public Builder optInputTemplate(String template) {
      this.inputTemplate = template;
      return this;
    }

    public Builder optOutputContextText(String text) {
      this.outputContextText = text;
      return this;
    }

    public Builder optOutputCurrentText(String text) {
      this.outputCurrentText = text;
      return this;
    }

    public Builder optOutputTemplate(String template) {
      this.outputTemplate = template;
      return this;
    }

    public Builder optContextlessInputCurrentText(String template) {
      this.contextlessInputCurrentText = template;
      return this;
    }

    public Builder optContextlessOutputCurrentText(String template) {
      this.contextlessOutputCurrentText = template;
      return this;
    }

    public Builder optAttributionMethod(String method) {
      this.attributionMethod = method;
      return this;
    }

    public Builder optAttributedFn(String fn) {
      this.attributedFn = fn;
      return this;
    }

    /** A method argument, for example {@code ("n_steps", 50)}. */
    public Builder optMethodArg(String name, Object value) {
      methodArgs.put(name, value);
      return this;
    }

    public Builder optContextSensitivityMetric(String metric) {
      this.contextSensitivityMetric = metric;
      return this;
    }

    public Builder optContextSensitivityStdThreshold(double k) {
      this.contextSensitivityStdThreshold = k;
      return this;
    }

    public Builder optContextSensitivityTopk(Integer k) {
      this.contextSensitivityTopk = k;
      return this;
    }

    public Builder optAttributionStdThreshold(double k) {
      this.attributionStdThreshold = k;
      return this;
    }

    public Builder optAttributionTopk(Integer k) {
      this.attributionTopk = k;
      return this;
    }

    public Builder optHandleOutputContextStrategy(String strategy) {
      this.handleOutputContextStrategy = strategy;
      return this;
    }

    public Builder optContextlessOutputNextTokens(String... tokens) {
      contextlessOutputNextTokens.addAll(List.of(tokens));
      return this;
    }

    public Builder optSpecialTokensToKeep(String... tokens) {
      specialTokensToKeep.addAll(List.of(tokens));
      return this;
    }

    public Builder optDecoderInputOutputSeparator(String separator) {
      this.decoderInputOutputSeparator = separator;
      return this;
    }

    public Builder optNormalizeAttributions(boolean on) {
      this.normalizeAttributions = on;
      return this;
    }

    /** A generation argument, for example {@code ("max_new_tokens", 10)}. */
    public Builder optGenerationArg(String name, Object value) {
      generationArgs.put(name, value);
      return this;
    }

    public ContextRelianceOptions build() {
      return new ContextRelianceOptions(
          inputContextText,
          inputTemplate,
          outputContextText,
          outputCurrentText,
          outputTemplate,
          contextlessInputCurrentText,
          contextlessOutputCurrentText,
          attributionMethod,
          attributedFn,
          methodArgs,
          contextSensitivityMetric,
          contextSensitivityStdThreshold,
          contextSensitivityTopk,
          attributionStdThreshold,
          attributionTopk,
          handleOutputContextStrategy,
          contextlessOutputNextTokens,
          specialTokensToKeep,
          decoderInputOutputSeparator,
          normalizeAttributions,
          generationArgs);
    }
  }
}
