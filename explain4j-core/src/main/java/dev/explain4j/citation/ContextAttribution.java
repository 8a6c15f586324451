package dev.explain4j.citation;

import dev.explain4j.InvalidInputException;
import dev.explain4j.model.ModelInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The sources of a context an answer comes from.
 *
 * @param prompt the full prompt text the model read
 * @param promptIds the prompt's token ids
 * @param sources the sources: their character spans in {@code prompt} and token spans in the
 *     prompt's ids
 * @param answer the answer text
 * @param answerIds the answer's token ids
 * @param sentences the answer's sentences (character spans in {@code answer}, token ranges)
 * @param scores per method: row 0 the whole answer, row {@code 1 + k} answer sentence {@code k};
 *     one score per source (leave-one-out: the drop in the answer's log-probability without the
 *     source; contextcite: the surrogate's weight)
 * @param faithfulness per method, when evaluation was asked for; else empty
 * @param options the options used
 * @param model the model's provenance
 * @param seconds the time Python spent
 */
public record ContextAttribution(
    String prompt,
    List<Integer> promptIds,
    List<Source> sources,
    String answer,
    List<Integer> answerIds,
    List<Sentence> sentences,
    Map<String, double[][]> scores,
    Map<String, Faithfulness> faithfulness,
    CitationOptions options,
    ModelInfo model,
    double seconds) {
  /**
   * One source.
   *
   * @param start first character in the prompt
   * @param end character after the last
   * @param tokenStart first prompt token overlapping it
   * @param tokenEnd token after the last
   * @param text its text
   */
  public record Source(int start, int end, int tokenStart, int tokenEnd, String text) {}

  /**
   * One answer sentence.
   *
   * @param start first character in the answer
   * @param end character after the last
   * @param tokenStart first answer token
   * @param tokenEnd token after the last
   * @param text its text
   */
  public record Sentence(int start, int end, int tokenStart, int tokenEnd, String text) {}

  /** Defensive copies. */
  public ContextAttribution {
    promptIds = List.copyOf(promptIds);
    sources = List.copyOf(sources);
    answerIds = List.copyOf(answerIds);
    sentences = List.copyOf(sentences);
    Map<String, double[][]> s = new LinkedHashMap<>();
    scores.forEach((k, v) -> s.put(k, deepCopy(v)));
    scores = java.util.Collections.unmodifiableMap(s);
    faithfulness = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(faithfulness));
  }

  @Override
  public Map<String, double[][]> scores() {
    Map<String, double[][]> s = new LinkedHashMap<>();
    scores.forEach((k, v) -> s.put(k, deepCopy(v)));
    return s;
  }

  /** The methods that ran, in order. */
  public List<String> methods() {
    return List.copyOf(scores.keySet());
  }

  /** Scores of {@code method} for the whole answer, one per source. */
  public double[] answerScores(String method) {
    return rows(method)[0].clone();
  }

  /** Scores of {@code method} for answer sentence {@code k}, one per source. */
  public double[] sentenceScores(String method, int k) {
    double[][] r = rows(method);
    if (k < 0 || k + 1 >= r.length) {
      throw new IndexOutOfBoundsException("sentence " + k + " of " + (r.length - 1));
    }
    return r[k + 1].clone();
  }

  /** Indices of the (at most) {@code k} sources with the largest positive scores, best first. */
  public static List<Integer> top(double[] scores, int k) {
    return IntStream.range(0, scores.length)
        .boxed()
        .filter(i -> scores[i] > 0)
        .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparing(i -> i))
        .limit(k)
        .toList();
  }

  private double[][] rows(String method) {
    double[][] r = scores.get(method);
    if (r == null) {
      throw new InvalidInputException(
          "no scores for method " + method + "; this result has " + methods());
    }
    return r;
  }

  private static double[][] deepCopy(double[][] v) {
    List<double[]> out = new ArrayList<>();
    for (double[] row : v) {
      out.add(row.clone());
    }
    return out.toArray(new double[0][]);
  }
}
