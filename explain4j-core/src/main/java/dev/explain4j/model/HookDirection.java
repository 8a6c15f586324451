package dev.explain4j.model;

/** Whether a hook captures values of the forward pass or gradients of the backward pass. */
public enum HookDirection {
  /** Captures the selected input or output value as the module runs. */
  FORWARD,
  /**
   * Captures the gradient of the loss with respect to the selected input or output, during {@link
   * Model#backward}. For an input it is the part of the gradient that flows through this module.
   */
  BACKWARD;

  String pythonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
