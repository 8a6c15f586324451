package dev.explain4j.attribution;

import dev.explain4j.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One score per token and generation step: {@code source[token][step]} and {@code
 * target[token][step]} (NaN where a token is not in the step's prefix), with the step scores.
 * Immutable; every operation returns a new instance.
 *
 * @param sourceTokens row labels of {@code source}
 * @param targetTokens row labels of {@code target}
 * @param generatedTokens column labels: the token each step produced
 * @param source {@code [sourceTokens][steps]}, or null (decoder-only models)
 * @param target {@code [targetTokens][steps]}, or null
 * @param stepScores per-step scores by name
 * @param provenance where the attribution came from
 */
public record AggregatedAttribution(
    List<String> sourceTokens,
    List<String> targetTokens,
    List<String> generatedTokens,
    float[][] source,
    float[][] target,
    Map<String, float[]> stepScores,
    AttributionProvenance provenance) {

  public AggregatedAttribution {
    sourceTokens = List.copyOf(sourceTokens);
    targetTokens = List.copyOf(targetTokens);
    generatedTokens = List.copyOf(generatedTokens);
    source = copy(source);
    target = copy(target);
    Map<String, float[]> s = new LinkedHashMap<>();
    stepScores.forEach((k, v) -> s.put(k, v.clone()));
    stepScores = java.util.Collections.unmodifiableMap(s);
    check("source", sourceTokens, source, generatedTokens.size());
    check("target", targetTokens, target, generatedTokens.size());
  }

  private static void check(String what, List<String> tokens, float[][] m, int steps) {
    if (m == null) {
      return;
    }
    if (m.length != tokens.size()) {
      throw new InvalidInputException(
          what + " has " + m.length + " rows for " + tokens.size() + " tokens");
    }
    for (float[] row : m) {
      if (row.length != steps) {
        throw new InvalidInputException(
            what + " rows must have " + steps + " steps, got " + row.length);
      }
    }
  }

  static float[][] copy(float[][] m) {
    if (m == null) {
      return null;
    }
    float[][] out = new float[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
  }

  @Override
  public float[][] source() {
    return copy(source);
  }

  @Override
  public float[][] target() {
    return copy(target);
  }

  @Override
  public Map<String, float[]> stepScores() {
    Map<String, float[]> out = new LinkedHashMap<>();
    stepScores.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  /** Rows: source tokens then target tokens; columns: generated tokens (the Inseq table). */
  public float[][] rows() {
    List<float[]> rows = new ArrayList<>();
    if (source != null) {
      rows.addAll(List.of(copy(source)));
    }
    if (target != null) {
      rows.addAll(List.of(copy(target)));
    }
    return rows.toArray(float[][]::new);
  }

  /** Labels of {@link #rows()}. */
  public List<String> rowLabels() {
    List<String> labels = new ArrayList<>();
    if (source != null) {
      labels.addAll(sourceTokens);
    }
    if (target != null) {
      labels.addAll(targetTokens);
    }
    return labels;
  }

  /** The scores one step gave every source and target token (NaN outside its prefix). */
  public float[] step(int k) {
    if (k < 0 || k >= generatedTokens.size()) {
      throw new InvalidInputException(
          "step " + k + " is out of range 0.." + (generatedTokens.size() - 1));
    }
    float[][] rows = rows();
    float[] out = new float[rows.length];
    for (int r = 0; r < rows.length; r++) {
      out[r] = rows[r][k];
    }
    return out;
  }

  /** Element-wise {@code other − this} (Inseq's pair aggregator), for two results of one shape. */
  public AggregatedAttribution minus(AggregatedAttribution other) {
    if (rows().length != other.rows().length
        || generatedTokens.size() != other.generatedTokens.size()) {
      throw new InvalidInputException("a pair must have the same shape");
    }
    return new AggregatedAttribution(
        sourceTokens,
        targetTokens,
        generatedTokens,
        diff(source, other.source),
        diff(target, other.target),
        Spans.diffScores(stepScores, other.stepScores),
        provenance);
  }

  private static float[][] diff(float[][] a, float[][] b) {
    if (a == null || b == null) {
      if (a != b) {
        throw new InvalidInputException("a pair must both have, or both lack, source rows");
      }
      return null;
    }
    if (a.length != b.length) {
      throw new InvalidInputException("a pair must have the same number of rows");
    }
    float[][] out = new float[a.length][];
    for (int r = 0; r < a.length; r++) {
      out[r] = new float[a[r].length];
      for (int c = 0; c < a[r].length; c++) {
        out[r][c] = b[r][c] - a[r][c];
      }
    }
    return out;
  }

  /** Only steps {@code from} (inclusive) to {@code to} (exclusive). */
  public AggregatedAttribution sliceSteps(int from, int to) {
    if (from < 0 || to > generatedTokens.size() || from >= to) {
      throw new InvalidInputException(
          "step slice " + from + ".." + to + " is outside 0.." + generatedTokens.size());
    }
    Map<String, float[]> scores = new LinkedHashMap<>();
    stepScores.forEach((k, v) -> scores.put(k, java.util.Arrays.copyOfRange(v, from, to)));
    return new AggregatedAttribution(
        sourceTokens,
        targetTokens,
        generatedTokens.subList(from, to),
        Spans.sliceColumns(source, from, to),
        Spans.sliceColumns(target, from, to),
        scores,
        provenance);
  }

  /** Merges token spans of the source and target rows ({@code [start, end)} pairs), by absmax. */
  public AggregatedAttribution mergeSpans(List<int[]> sourceSpans, List<int[]> targetSpans) {
    return new AggregatedAttribution(
        Spans.mergeLabels(sourceTokens, sourceSpans),
        Spans.mergeLabels(targetTokens, targetSpans),
        generatedTokens,
        source == null ? null : Spans.mergeRows(source, sourceSpans),
        target == null ? null : Spans.mergeRows(target, targetSpans),
        stepScores,
        provenance);
  }

  /** Merges subwords into words: a word starts at a token beginning with a space marker. */
  public AggregatedAttribution mergeWords() {
    return mergeSpans(Spans.words(sourceTokens), Spans.words(targetTokens));
  }
}
