package dev.explain4j.render;

/**
 * How much of the attention an {@link AttentionPage} embeds. A page holds every value it shows (it
 * works offline), so long sequences cannot carry every head: {@code layers × heads × queries ×
 * keys} values at 2,000 tokens and 30 × 9 heads are a billion. The page embeds the finest level
 * that fits its budget ({@link AttentionPageOptions#maxEmbeddedValues()}) and says so visibly.
 */
public enum AttentionDetail {
  /**
   * The finest level that fits the budget: {@link #FULL}, else {@link #LAYER_MEANS}, else {@link
   * #MEAN}.
   */
  AUTO,
  /** Every chosen layer and head. */
  FULL,
  /** One map per chosen layer: the mean of its chosen heads. The dimension grid has one column. */
  LAYER_MEANS,
  /** One map: the mean of every chosen layer and head. The dimension grid has one cell. */
  MEAN
}
