package dev.explain4j.explain;

import java.util.List;
import java.util.Objects;
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
 * @param provenance the model, preset, options, explain4j version and time it came from
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
    TokenAttention attention,
    ExplainProvenance provenance) {

  /** Copies the lists. */
  public Explanation {
    Objects.requireNonNull(provenance, "provenance");
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
}
