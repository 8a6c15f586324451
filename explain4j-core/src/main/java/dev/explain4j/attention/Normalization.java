package dev.explain4j.attention;

/** How a combined attention matrix is scaled for display. */
public enum Normalization {
  /** Each query row divided by its sum, so rows sum to 1 (Inspectus' choice). */
  ROW,
  /** Each query row divided by its maximum. */
  ROW_MAX,
  /** The whole matrix divided by its maximum. */
  MAX,
  /** Values as they are. */
  NONE
}
