package dev.explain4j.citation;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attribution.AggregatedAttribution;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.Classification;
import dev.explain4j.internal.ModelAccess;
import dev.explain4j.internal.PyCitation;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelInfo;
import dev.explain4j.model.ModelKind;
import java.time.Instant;
import java.util.Objects;

/**
 * Token-level faithfulness of attribution results: ERASER comprehensiveness and sufficiency with
 * AOPC, deletion and insertion curves with their areas, and soft comprehensiveness and sufficiency,
 * for every step of a result.
 *
 * <pre>{@code
 * try (AttributionResult r = new Attributor(model).attribute("The capital of France is", options)) {
 *   TokenFaithfulness f = new FaithfulnessEvaluator(model).evaluate(r, FaithfulnessOptions.defaults());
 *   f.mean().aopcComprehensiveness();
 * }
 * }</pre>
 *
 * <p>The result is aggregated to one score per token and step in Java (the method's default, or
 * {@link FaithfulnessOptions#aggregation()}); the model then scores the perturbed inputs in Python.
 * Generation (decoder-only models): step {@code k}'s scores over the prompt tokens are evaluated on
 * the probability of the token step {@code k} generated, with the prompt tokens removed or kept and
 * the generated prefix unchanged. Sequence classifiers: each explained label's scores over the
 * input tokens are evaluated on that label's probability (softmax, or sigmoid for multi-label
 * models). Thread-safe: calls go through the model's interpreter thread.
 */
public final class FaithfulnessEvaluator {
  private final Model model;

  /** Evaluates results made with {@code model}, which must stay open while evaluating. */
  public FaithfulnessEvaluator(Model model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /**
   * Evaluates every step of {@code result}, which must come from this evaluator's model: an {@code
   * Attributor} generation result (decoder-only) or a sequence classifier's attribution.
   *
   * @throws InvalidInputException when the model is closed or is not the one that made the result,
   *     when the result has no token scores, comes from an encoder-decoder model or another task
   *     head, or when its ids or shapes do not fit the model
   */
  public TokenFaithfulness evaluate(AttributionResult result, FaithfulnessOptions options) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(options, "options");
    checkModel(result);
    long started = System.nanoTime();
    AggregatedAttribution agg =
        options.aggregation() == null
            ? result.aggregate()
            : result.aggregate(options.aggregation());
    PyCitation py = new PyCitation(ModelAccess.runtime(model));
    ModelKind kind = model.info().kind();
    PyCitation.TokenScores s;
    String objective;
    if (kind == ModelKind.ENCODER_ONLY) {
      objective = "sequence_classification";
      float[][] rows = required(agg.source(), "input");
      s =
          py.evaluateClassifier(
              ModelAccess.handle(model),
              result.sourceIds(),
              result.generatedTokens(),
              transpose(rows, 0, rows.length, result.steps()),
              options);
    } else if (kind == ModelKind.DECODER_ONLY) {
      objective = "generation";
      float[][] rows = required(agg.target(), "prompt");
      int prompt = result.attrPosStart();
      if (prompt < 1 || result.steps() < 1) {
        throw new InvalidInputException(
            "the result has "
                + prompt
                + " prompt tokens and "
                + result.steps()
                + " generated tokens: token faithfulness needs at least one of each");
      }
      s =
          py.evaluateGeneration(
              ModelAccess.handle(model),
              result.targetIds().subList(0, prompt),
              result.targetIds().subList(prompt, result.attrPosEnd()),
              result.generatedTokens(),
              transpose(rows, 0, prompt, result.steps()),
              options);
    } else {
      throw new InvalidInputException(
          "token faithfulness evaluates decoder-only generation and sequence classifiers; model "
              + model.info().source()
              + " is an encoder-decoder model");
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new TokenFaithfulness(
        s.units(),
        s.steps(),
        s.mean(),
        new FaithfulnessProvenance(
            model.info(), result.provenance(), objective, options, Instant.now(), seconds));
  }

  /**
   * Evaluates a classifier's explanation: every explained label of a sequence classifier.
   *
   * @throws InvalidInputException for a zero-shot explanation or another head, and as {@link
   *     #evaluate(AttributionResult, FaithfulnessOptions)}
   */
  public TokenFaithfulness evaluate(Classification classification, FaithfulnessOptions options) {
    Objects.requireNonNull(classification, "classification");
    String head = classification.prediction().head();
    if (!"sequence_classification".equals(head)) {
      throw new InvalidInputException(
          "token faithfulness evaluates sequence classifiers; model "
              + model.info().source()
              + " explained a "
              + head
              + " head");
    }
    if (classification.prediction().zeroShotText() >= 0) {
      throw new InvalidInputException(
          "a zero-shot explanation cannot be evaluated: its label is a candidate, not a class of"
              + " model "
              + model.info().source());
    }
    return evaluate(classification.attribution(), options);
  }

  private void checkModel(AttributionResult result) {
    ModelInfo mine = model.info();
    if (model.isClosed()) {
      throw new InvalidInputException(
          "model "
              + mine.source()
              + " is closed: new FaithfulnessEvaluator(model) needs the loaded model that made the"
              + " result");
    }
    ModelInfo theirs = result.provenance() == null ? null : result.provenance().model();
    if (theirs != null
        && theirs.location() != null
        && mine.location() != null
        && !theirs.location().equals(mine.location())) {
      throw new InvalidInputException(
          "the result was made with model "
              + theirs.source()
              + ", not "
              + mine.source()
              + ": pass the model that made it to new FaithfulnessEvaluator(model)");
    }
  }

  private static float[][] required(float[][] rows, String what) {
    if (rows == null) {
      throw new InvalidInputException(
          "the result has no scores for its " + what + " tokens: nothing to evaluate");
    }
    return rows;
  }

  /** {@code rows[from..to)[step]} as {@code [step][row - from]}. */
  static double[][] transpose(float[][] rows, int from, int to, int steps) {
    double[][] out = new double[steps][to - from];
    for (int r = from; r < to; r++) {
      if (rows[r].length != steps) {
        throw new InvalidInputException(
            "the aggregated scores have " + rows[r].length + " steps, the result " + steps);
      }
      for (int k = 0; k < steps; k++) {
        out[k][r - from] = rows[r][k];
      }
    }
    return out;
  }
}
