package dev.explain4j.attribution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw attribution of one sequence, laid out as Inseq lays it out.
 *
 * <p>{@code source} is {@code [sourceTokens, steps, …]} (encoder-decoder models only; decoder-only
 * models have the prompt in the target). {@code target} is {@code [targetTokens, steps, …]}; a cell
 * is NaN when the token is not in that step's prefix. The trailing dimensions are {@code [hidden]}
 * for gradient methods and LIME, {@code [layers, heads]} for attention and none for occlusion. Step
 * {@code k} generated {@code targetTokens[attrPosStart + k]}. Immutable.
 *
 * <p><b>Ownership.</b> The granular arrays of a result an {@link Attributor} returns are read-only
 * views of the engine's memory in Python (imported once, never copied), and the result owns them:
 * close it when done, which releases that memory. {@link #source()}, {@link #target()} and their
 * {@link ScoreArray#values()} views are valid until then; reading them afterwards throws. What
 * {@link #aggregate()} returns is computed into the Java heap and outlives the result. A result
 * made in Java or read from JSON lives on the heap, and closing it does nothing.
 *
 * @param sourceTokens source tokens (raw tokenizer strings)
 * @param sourceIds source token ids
 * @param targetTokens target tokens, the prompt included for decoder-only models
 * @param targetIds target token ids
 * @param attrPosStart target position of the first attributed step
 * @param attrPosEnd target position after the last attributed step
 * @param source source attributions, or null
 * @param target target attributions, or null
 * @param stepScores per-step scores by name
 * @param dims the names of the trailing dimensions
 * @param defaultAggregation Inseq's default aggregation for the method, as steps
 * @param provenance model, method, options and time
 */
public record AttributionResult(
    List<String> sourceTokens,
    List<Long> sourceIds,
    List<String> targetTokens,
    List<Long> targetIds,
    int attrPosStart,
    int attrPosEnd,
    ScoreArray source,
    ScoreArray target,
    Map<String, float[]> stepScores,
    List<String> dims,
    List<Map<String, Object>> defaultAggregation,
    AttributionProvenance provenance)
    implements AutoCloseable {

  public AttributionResult {
    sourceTokens = List.copyOf(sourceTokens);
    sourceIds = List.copyOf(sourceIds);
    targetTokens = List.copyOf(targetTokens);
    targetIds = List.copyOf(targetIds);
    Map<String, float[]> scores = new LinkedHashMap<>();
    stepScores.forEach((k, v) -> scores.put(k, v.clone()));
    stepScores = java.util.Collections.unmodifiableMap(scores);
    dims = List.copyOf(dims);
    defaultAggregation = defaultAggregation.stream().map(Map::copyOf).toList();
  }

  /** A copy of the step scores. */
  @Override
  @com.fasterxml.jackson.databind.annotation.JsonSerialize(
      contentUsing = ScoreArray.FloatsJson.class)
  public Map<String, float[]> stepScores() {
    Map<String, float[]> out = new LinkedHashMap<>();
    stepScores.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  /** The attributed (generated or forced) tokens, one per step. */
  public List<String> generatedTokens() {
    return targetTokens.subList(attrPosStart, attrPosEnd);
  }

  /** Number of attributed steps. */
  public int steps() {
    return attrPosEnd - attrPosStart;
  }

  /** Aggregated to one score per token and step with Inseq's default for the method. */
  public AggregatedAttribution aggregate() {
    return aggregate(defaultAggregation);
  }

  /** Aggregated with explicit steps, for example {@code [{"op":"sum"},{"op":"normalize"}]}. */
  public AggregatedAttribution aggregate(List<Map<String, Object>> steps) {
    ScoreArray[] pair = Aggregation.apply(steps, source, target);
    return new AggregatedAttribution(
        sourceTokens,
        targetTokens,
        generatedTokens(),
        pair[0] == null ? null : pair[0].toMatrix(),
        pair[1] == null ? null : pair[1].toMatrix(),
        stepScores,
        provenance);
  }

  /**
   * Releases the Python memory behind {@link #source()} and {@link #target()}, if any. Idempotent;
   * any thread may call it (it waits for Python's GIL).
   */
  @Override
  public void close() {
    try {
      if (source != null) {
        source.release();
      }
    } finally {
      if (target != null) {
        target.release();
      }
    }
  }
}
