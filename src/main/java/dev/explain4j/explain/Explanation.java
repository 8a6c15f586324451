package dev.explain4j.explain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@link ExplainSession#generate} produced: the prompt the task preset built, the
 * prediction, and (with {@link Capture#ATTENTION}) per-output-token attention.
 *
 * @param task the preset's Python name
 * @param promptText the prompt text the preset built (the rendered chat template for chats)
 * @param promptIds the prompt's token ids
 * @param promptTokens the prompt's decoded tokens
 * @param generatedIds the generated token ids
 * @param generatedTokens the generated tokens
 * @param promptPieces each prompt token decoded on its own (display text)
 * @param generatedPieces each generated token decoded on its own
 * @param prediction the generated text without special tokens
 * @param attention per-token attention, or null when not captured (or nothing was generated)
 */
public record Explanation(
    String task,
    String promptText,
    List<Integer> promptIds,
    List<String> promptTokens,
    List<Integer> generatedIds,
    List<String> generatedTokens,
    List<String> promptPieces,
    List<String> generatedPieces,
    String prediction,
    TokenAttention attention) {

  /** Copies the lists. */
  public Explanation {
    promptIds = List.copyOf(promptIds);
    promptTokens = List.copyOf(promptTokens);
    generatedIds = List.copyOf(generatedIds);
    generatedTokens = List.copyOf(generatedTokens);
    promptPieces = List.copyOf(promptPieces);
    generatedPieces = List.copyOf(generatedPieces);
  }

  /** The per-token attention when it was captured. */
  public Optional<TokenAttention> tokenAttention() {
    return Optional.ofNullable(attention);
  }

  static Explanation fromPython(Map<?, ?> m) {
    List<String> prompt = strings(m.get("promptTokens"));
    List<String> generated = strings(m.get("generatedTokens"));
    TokenAttention attention = null;
    if (m.get("attention") != null) {
      FloatArray a = FloatArray.fromPython(m.get("attention"));
      FloatArray mean = FloatArray.fromPython(m.get("attentionMean"));
      List<String> keys =
          java.util.stream.Stream.concat(prompt.stream(), generated.stream())
              .limit(a.dim(3))
              .toList();
      attention =
          new TokenAttention(
              String.valueOf(m.get("attentionMethod")),
              keys,
              a.dim(0),
              a.dim(1),
              a.dim(2),
              a.dim(3),
              a.data(),
              mean.data());
    }
    return new Explanation(
        String.valueOf(m.get("task")),
        String.valueOf(m.get("promptText")),
        ints(m.get("promptIds")),
        prompt,
        ints(m.get("generatedIds")),
        generated,
        strings(m.get("promptPieces")),
        strings(m.get("generatedPieces")),
        String.valueOf(m.get("text")),
        attention);
  }

  static List<String> strings(Object o) {
    return ((List<?>) o).stream().map(String::valueOf).toList();
  }

  static List<Integer> ints(Object o) {
    return ((List<?>) o).stream().map(v -> ((Number) v).intValue()).toList();
  }
}
