package dev.explain4j.explain;

/** What an {@link ExplainSession} records while it generates. */
public enum Capture {
  /** Per-output-token attention over blocks and heads. */
  ATTENTION,
  /** Teacher-forced gradients with respect to a label sequence ({@link ExplainSession#compute}). */
  GRADIENT;

  String pythonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
