package dev.explain4j;

/** Root of every exception explain4j throws. Unchecked. */
public class Explain4jException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public Explain4jException(String message) {
    super(message);
  }

  public Explain4jException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The type of the Python exception this came from, for example {@code ValueError}; null when it
   * did not come from Python. Lets callers report Python errors without depending on the runtime.
   */
  public String pythonType() {
    return null;
  }
}
