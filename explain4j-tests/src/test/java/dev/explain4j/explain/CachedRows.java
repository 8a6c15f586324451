package dev.explain4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.explain4j.attention.AttentionCapture;
import dev.explain4j.attention.AttentionMaps;
import dev.explain4j.model.GenerationOptions;
import dev.explain4j.model.GenerationResult;
import dev.explain4j.model.Model;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** Compares a session's cached per-token attention rows with one uncached eager pass. */
public final class CachedRows {
  private CachedRows() {}

  /**
   * Largest difference between {@code out}'s rows and an {@link AttentionCapture} of the same
   * sequence, forced from {@code input} with {@code options} (which must rebuild the same prompt).
   */
  public static double maxDifference(
      Model model, String input, Explanation out, GenerationOptions options) {
    TokenAttention a = out.attention();
    GenerationResult seq = model.force(input, out.generatedIds(), options);
    assertEquals(out.promptIds(), seq.promptIds(), "the forced pass sees the session's prompt");
    double max = 0;
    try (BufferAllocator allocator = new RootAllocator();
        AttentionCapture cap = AttentionCapture.of(allocator, model, seq)) {
      AttentionMaps maps = cap.get("decoder");
      int prompt = out.promptIds().size();
      for (int t = 0; t < a.tokens(); t++) {
        for (int l = 0; l < a.layers(); l++) {
          for (int h = 0; h < a.heads(); h++) {
            for (int k = 0; k < a.keys(); k++) {
              max = Math.max(max, Math.abs(maps.get(l, h, prompt - 1 + t, k) - a.get(t, l, h, k)));
            }
          }
        }
      }
    }
    return max;
  }
}
