package dev.explain4j.attribution;

import java.util.List;

/**
 * One explained text: what the model predicted and the attribution of each explained objective.
 *
 * <p>The attribution is laid out like a generation's: the input tokens (both segments of a pair)
 * are the source, {@code [tokens, objectives, …]}, and each objective is a step: a class, a token's
 * label ({@code "paris B-LOC"}), the answer's start and end ({@code "start paris"}), a mask's
 * prediction. The step score ({@code probability} or {@code logit}) is each objective's score at
 * the input. It owns the attribution's arrays: close it when done ({@link AttributionResult}).
 *
 * @param prediction what the model predicted
 * @param attribution the attribution of every explained objective
 */
public record Classification(Prediction prediction, AttributionResult attribution)
    implements AutoCloseable {

  /** The explained objectives, in step order. */
  public List<String> objectives() {
    return attribution.generatedTokens();
  }

  /** Aggregated with the method's default, then subwords merged into words (by absmax). */
  public AggregatedAttribution aggregate() {
    return attribution.aggregate().mergeSpans(prediction.spans(), List.of());
  }

  /** Aggregated with the method's default, one row per token. */
  public AggregatedAttribution aggregateTokens() {
    return attribution.aggregate();
  }

  @Override
  public void close() {
    attribution.close();
  }
}
