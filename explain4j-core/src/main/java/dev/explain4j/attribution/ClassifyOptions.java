package dev.explain4j.attribution;

import dev.explain4j.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to explain an encoder's task head. Build with {@link #builder()}; {@link #defaults()} is
 * saliency on the predicted class's probability.
 *
 * @param method a method of the engine's catalogue that explains task heads ({@code saliency},
 *     {@code integrated_gradients}, {@code kernel_shap}, …)
 * @param labels the classes (masked LM: vocabulary tokens) to explain instead of the predicted
 *     ones; empty for the prediction
 * @param candidateLabels zero-shot classification over an NLI model: the candidate labels; empty
 *     otherwise
 * @param hypothesisTemplate zero-shot: the hypothesis, {@code {}} standing for the label
 * @param attributedFn {@code probability} (default) or {@code logit}
 * @param methodArgs method arguments, for example {@code n_steps=50}
 */
public record ClassifyOptions(
    String method,
    List<String> labels,
    List<String> candidateLabels,
    String hypothesisTemplate,
    String attributedFn,
    Map<String, Object> methodArgs) {
  public ClassifyOptions {
    if (method == null || method.isBlank()) {
      throw new InvalidInputException("optMethod needs a method name");
    }
    if (!hypothesisTemplate.contains("{}")) {
      throw new InvalidInputException(
          "optHypothesisTemplate needs {} where the label goes, got '" + hypothesisTemplate + "'");
    }
    labels = List.copyOf(labels);
    candidateLabels = List.copyOf(candidateLabels);
    methodArgs = Map.copyOf(methodArgs);
  }

  public static ClassifyOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The keyword arguments of {@code explain4j.attribution.bridge.classify}'s options. */
  Map<String, Object> toPython() {
    Map<String, Object> kw = new LinkedHashMap<>(methodArgs);
    kw.put("attributed_fn", attributedFn);
    if (!labels.isEmpty()) {
      kw.put("labels", labels);
    }
    if (!candidateLabels.isEmpty()) {
      kw.put("candidate_labels", candidateLabels);
      kw.put("hypothesis_template", hypothesisTemplate);
    }
    return kw;
  }

  /** The same method, function and arguments as attribution options, for provenance. */
  AttributionOptions asAttributionOptions() {
    AttributionOptions.Builder b =
        AttributionOptions.builder().optMethod(method).optAttributedFn(attributedFn);
    methodArgs.forEach(b::optMethodArg);
    return b.build();
  }

  /** Builder; {@code optX} setters, validated in {@link #build()}. */
  public static final class Builder {
    private String method = "saliency";
    private final List<String> labels = new ArrayList<>();
    private final List<String> candidateLabels = new ArrayList<>();
    private String hypothesisTemplate = "This example is {}.";
    private String attributedFn = "probability";
    private final Map<String, Object> methodArgs = new LinkedHashMap<>();

    public Builder optMethod(String name) {
      this.method = name;
      return this;
    }

    /** Classes (masked LM: tokens) to explain instead of the predicted ones. */
    public Builder optLabels(String... names) {
      labels.addAll(List.of(names));
      return this;
    }

    /** Zero-shot classification over an NLI model with these candidate labels. */
    public Builder optCandidateLabels(String... names) {
      candidateLabels.addAll(List.of(names));
      return this;
    }

    public Builder optHypothesisTemplate(String template) {
      this.hypothesisTemplate = template;
      return this;
    }

    /** {@code probability} (default) or {@code logit}. */
    public Builder optAttributedFn(String fn) {
      this.attributedFn = fn;
      return this;
    }

    /** A method argument, for example {@code ("n_steps", 50)}. */
    public Builder optMethodArg(String name, Object value) {
      methodArgs.put(name, value);
      return this;
    }

    public ClassifyOptions build() {
      return new ClassifyOptions(
          method, labels, candidateLabels, hypothesisTemplate, attributedFn, methodArgs);
    }
  }
}
