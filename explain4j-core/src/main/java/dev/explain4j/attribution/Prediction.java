package dev.explain4j.attribution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an encoder's task head predicted for one text. Immutable.
 *
 * @param head {@code sequence_classification}, {@code token_classification}, {@code
 *     question_answering} or {@code masked_lm}
 * @param labels the predicted labels (or those the caller named); for question answering the
 *     answer; for zero-shot classification the candidate label this explanation is for
 * @param probabilities probability by label: every class of a classifier, every candidate of a
 *     zero-shot classification, the answer's score for question answering
 * @param answer the answer's text (question answering), or null
 * @param answerSpan the answer's {@code [start, end)} characters in the context, or empty
 * @param tokens token classification: each token's predicted label; masked LM: each mask's
 *     predicted token
 * @param wordSpans {@code [start, end)} token spans of words of two or more tokens (from the
 *     tokenizer's word ids), for word-level views
 * @param zeroShotText zero-shot: the index of this explanation's text among the inputs, else -1
 */
public record Prediction(
    String head,
    List<String> labels,
    Map<String, Double> probabilities,
    String answer,
    List<Integer> answerSpan,
    List<TokenLabel> tokens,
    List<List<Integer>> wordSpans,
    int zeroShotText) {
  public Prediction {
    labels = List.copyOf(labels);
    probabilities = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    answerSpan = List.copyOf(answerSpan);
    tokens = List.copyOf(tokens);
    wordSpans = wordSpans.stream().map(List::copyOf).toList();
  }

  /**
   * One token's prediction.
   *
   * @param index the token's position among the input tokens
   * @param label its predicted label (a masked LM's predicted token)
   * @param probability that label's probability
   */
  public record TokenLabel(int index, String label, double probability) {}

  /** The word spans as {@code [start, end)} pairs, for {@link AggregatedAttribution#mergeSpans}. */
  public List<int[]> spans() {
    return wordSpans.stream().map(s -> new int[] {s.get(0), s.get(1)}).toList();
  }
}
