package dev.explain4j.attention;

import java.util.List;

/**
 * One attended token occurrence ranked as AttentionData does: its attention score as a multiple of
 * the average score of its query row.
 *
 * @param token the attended (key) token
 * @param sequence index of the sequence in the batch it came from
 * @param query the query position (the generation step that attended)
 * @param key the attended position
 * @param multiple score ÷ the row's average score over the keys the query could see
 * @param context the tokens the query could see, positions {@code 0..query} for causal attention
 * @param pattern the query row's scores over {@code context}
 */
public record ScoreMultiple(
    String token,
    int sequence,
    int query,
    int key,
    double multiple,
    List<String> context,
    float[] pattern) {
  public ScoreMultiple {
    context = List.copyOf(context);
    pattern = pattern.clone();
  }

  @Override
  public float[] pattern() {
    return pattern.clone();
  }
}
