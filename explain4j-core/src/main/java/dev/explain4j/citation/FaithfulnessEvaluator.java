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
 * Generation: step {@code k}'s scores over the source tokens are evaluated on the probability of
 * the token step {@code k} generated, with source tokens removed or kept and the generated prefix
 * unchanged; the source is the prompt of a decoder-only model, the encoder input of an
 * encoder-decoder model (the generated prefix follows the decoder's start token). Sequence
 * classifiers: each explained label's scores over the input tokens are evaluated on that label's
 * probability (softmax, or sigmoid for multi-label models). Thread-safe: calls go through the
 * model's interpreter thread.
 */
public final class FaithfulnessEvaluator {
  private final Model model;

  /** Evaluates results made with {@code model}, which must stay open while evaluating. */
  public FaithfulnessEvaluator(Model model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /**
   * Evaluates every step of {@code result}, which must come from this evaluator's model: an {@code
   * Attributor} result (generated or forced target) or a sequence classifier's attribution.
   *
   * @throws InvalidInputException when the model is closed or is not the one that made the result,
   *     when the result has no token scores, comes from another task head, when {@link
   *     FaithfulnessOptions#aggregation()} does not reduce it to one score per token and step, or
   *     when its ids or shapes do not fit the model
   */
  public TokenFaithfulness evaluate(AttributionResult result, FaithfulnessOptions options) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(options, "options");
    checkModel(result);
    long started = System.nanoTime();
    AggregatedAttribution agg = aggregate(result, options);
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
    } else {
      objective = "generation";
      boolean seq2seq = kind == ModelKind.ENCODER_DECODER;
      float[][] rows = required(seq2seq ? agg.source() : agg.target(), "source");
      int start = result.attrPosStart();
      int units = seq2seq ? result.sourceIds().size() : start;
      if (units < 1 || result.steps() < 1) {
        throw new InvalidInputException(
            "the result has "
                + units
                + " source tokens and "
                + result.steps()
                + " generated tokens: token faithfulness needs at least one of each");
      }
      s =
          py.evaluateGeneration(
              ModelAccess.handle(model),
              seq2seq ? result.sourceIds() : result.targetIds().subList(0, start),
              result.targetIds().subList(start, result.attrPosEnd()),
              seq2seq ? result.targetIds().subList(0, start) : null,
              result.generatedTokens(),
              transpose(rows, 0, units, result.steps()),
              options);
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

  private static AggregatedAttribution aggregate(AttributionResult r, FaithfulnessOptions o) {
    if (o.aggregation() == null) {
      return r.aggregate();
    }
    try {
      return r.aggregate(o.aggregation());
    } catch (InvalidInputException | IllegalStateException e) {
      throw new InvalidInputException(
          "FaithfulnessOptions.optAggregation must reduce the result to one score per token and"
              + " step: "
              + e.getMessage(),
          e);
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
