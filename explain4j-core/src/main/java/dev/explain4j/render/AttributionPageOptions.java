package dev.explain4j.render;

import dev.explain4j.InvalidInputException;

/**
 * Options of the interactive attribution report ({@link AttributionView#granularHtml}), with
 * Inseq's names and defaults.
 *
 * @param maxShowSize Inseq's {@code max_show_size} (default 20): of each dimension beyond tokens
 *     and steps (hidden size, layers, heads), at most this many leading indices are embedded and
 *     shown
 * @param stepScoreHighlight Inseq's {@code step_score_highlight}: the step score that colours the
 *     generated tokens of the per-token view, or null for none
 */
public record AttributionPageOptions(int maxShowSize, String stepScoreHighlight) {
  public AttributionPageOptions {
    if (maxShowSize < 1) {
      throw new InvalidInputException("maxShowSize must be at least 1, got " + maxShowSize);
    }
  }

  /** Inseq's defaults: 20 indices per dimension, no highlight. */
  public static AttributionPageOptions defaults() {
    return new AttributionPageOptions(20, null);
  }

  public AttributionPageOptions withMaxShowSize(int n) {
    return new AttributionPageOptions(n, stepScoreHighlight);
  }

  public AttributionPageOptions withStepScoreHighlight(String name) {
    return new AttributionPageOptions(maxShowSize, name);
  }
}
