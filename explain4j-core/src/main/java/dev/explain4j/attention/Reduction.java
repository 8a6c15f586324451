package dev.explain4j.attention;

/** How the selected layer × head planes are combined into one matrix. */
public enum Reduction {
  /** Element-wise sum (Inspectus' choice). */
  SUM,
  /** Element-wise mean. */
  MEAN,
  /** Element-wise maximum. */
  MAX
}
