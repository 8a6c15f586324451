package dev.explain4j.attribution;

import dev.explain4j.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to attribute: the method and its arguments with Inseq's names and defaults, the attributed
 * function, step scores, generation length and contrast targets. Build with {@link #builder()};
 * {@link #defaults()} is saliency on the next token's probability, 20 new tokens.
 *
 * <p>The names are checked against the engine's own catalogue ({@link MethodCatalog}) when an
 * {@link Attributor} runs, or earlier with {@link MethodCatalog#check(AttributionOptions)}: which
 * methods, options, step scores and attributed functions exist is the engine's to say.
 *
 * @param method an Inseq method name, for example {@code saliency} or {@code integrated_gradients}
 * @param attributedFn {@code probability} (Inseq's default), {@code logprob}, {@code logit} or a
 *     contrastive function
 * @param stepScores step scores to compute, for example {@code probability}, {@code entropy}
 * @param maxNewTokens tokens to generate when no target is forced
 * @param attributeTarget for encoder-decoder models, also attribute the decoder prefix
 * @param methodArgs method arguments, for example {@code n_steps=50}
 * @param contrastTargets contrast texts (one per input) for contrastive scores, or empty
 * @param stopAtEos when generating, stop at the model's end-of-sequence token (default); when
 *     false, generation always runs {@code maxNewTokens} steps
 * @param stepScoresArgs step score arguments (Inseq's {@code step_scores_args}), for example {@code
 *     top_p=0.9} for {@code top_p_size} or {@code n_mcd_steps=10} for {@code mc_dropout_prob_avg};
 *     one flat map shared by the chosen step scores, as in Inseq
 */
public record AttributionOptions(
    String method,
    String attributedFn,
    List<String> stepScores,
    int maxNewTokens,
    boolean attributeTarget,
    Map<String, Object> methodArgs,
    List<String> contrastTargets,
    boolean stopAtEos,
    Map<String, Object> stepScoresArgs) {
  public AttributionOptions {
    if (maxNewTokens < 1) {
      throw new InvalidInputException("maxNewTokens must be at least 1, got " + maxNewTokens);
    }
    stepScores = List.copyOf(stepScores);
    methodArgs = Map.copyOf(methodArgs);
    contrastTargets = List.copyOf(contrastTargets);
    stepScoresArgs = Map.copyOf(stepScoresArgs);
  }

  public static AttributionOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The keyword arguments of {@code explain4j.attribution.bridge.run}'s options. */
  Map<String, Object> toPython() {
    Map<String, Object> kw = new LinkedHashMap<>(methodArgs);
    if (attributedFn != null) {
      kw.put("attributed_fn", attributedFn);
    }
    kw.put("step_scores", stepScores);
    if (!stepScoresArgs.isEmpty()) {
      kw.put("step_scores_args", new LinkedHashMap<>(stepScoresArgs));
    }
    kw.put("attribute_target", attributeTarget);
    Map<String, Object> generation = new LinkedHashMap<>();
    generation.put("max_new_tokens", maxNewTokens);
    generation.put("do_sample", false);
    if (!stopAtEos) {
      generation.put("eos_token_id", List.of());
    }
    kw.put("generation_args", generation);
    if (!contrastTargets.isEmpty()) {
      kw.put("contrast_targets", contrastTargets);
    }
    return kw;
  }

  /** Builder; {@code optX} setters, validated in {@link #build()}. */
  public static final class Builder {
    private String method = "saliency";
    private String attributedFn;
    private final List<String> stepScores = new ArrayList<>();
    private int maxNewTokens = 20;
    private boolean attributeTarget;
    private final Map<String, Object> methodArgs = new LinkedHashMap<>();
    private final List<String> contrastTargets = new ArrayList<>();
    private boolean stopAtEos = true;
    private final Map<String, Object> stepScoresArgs = new LinkedHashMap<>();

    public Builder optMethod(String method) {
      this.method = method;
      return this;
    }

    public Builder optAttributedFn(String fn) {
      this.attributedFn = fn;
      return this;
    }

    public Builder optStepScores(String... names) {
      stepScores.addAll(List.of(names));
      return this;
    }

    public Builder optMaxNewTokens(int n) {
      this.maxNewTokens = n;
      return this;
    }

    public Builder optAttributeTarget(boolean on) {
      this.attributeTarget = on;
      return this;
    }

    /** A method argument, for example {@code ("n_steps", 50)}. */
    public Builder optMethodArg(String name, Object value) {
      methodArgs.put(name, value);
      return this;
    }

    /**
     * The layer a layer method ({@code layer_integrated_gradients}, {@code
     * layer_gradient_x_activation}, {@code layer_deeplift}) attributes at: a module name as in
     * {@code model.named_modules()}, for example {@code model.layers.3}; by default the embedding
     * layer of the attributed tokens. Inseq's {@code target_layer}.
     */
    public Builder optTargetLayer(String name) {
      methodArgs.put("target_layer", name);
      return this;
    }

    /**
     * A step score argument, for example {@code ("top_p", 0.9)} for {@code top_p_size} or {@code
     * ("n_mcd_steps", 10)} for {@code mc_dropout_prob_avg}; checked against the chosen step scores.
     */
    public Builder optStepScoreArg(String name, Object value) {
      if (name == null || value == null) {
        throw new InvalidInputException(
            "optStepScoreArg needs a name and a value, got " + name + "=" + value);
      }
      stepScoresArgs.put(name, value);
      return this;
    }

    public Builder optContrastTargets(String... texts) {
      contrastTargets.addAll(List.of(texts));
      return this;
    }

    /** Whether generation stops at the end-of-sequence token (default true). */
    public Builder optStopAtEos(boolean stop) {
      this.stopAtEos = stop;
      return this;
    }

    public AttributionOptions build() {
      return new AttributionOptions(
          method,
          attributedFn,
          stepScores,
          maxNewTokens,
          attributeTarget,
          methodArgs,
          contrastTargets,
          stopAtEos,
          stepScoresArgs);
    }
  }
}
