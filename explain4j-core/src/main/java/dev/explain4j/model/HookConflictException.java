package dev.explain4j.model;

import dev.explain4j.Explain4jException;

/**
 * Thrown when a hook scope would hook a module in a direction that another open scope already
 * hooks. Close the other scope first, or capture both values in one scope.
 */
public class HookConflictException extends Explain4jException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming the module, the model and the direction in conflict. */
  public HookConflictException(String message) {
    super(message);
  }

  /** The same, with the Python error that reported the conflict as its cause. */
  public HookConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
