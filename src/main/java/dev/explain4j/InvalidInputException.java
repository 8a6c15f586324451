package dev.explain4j;

/**
 * Bad input from the caller: a path that holds no model, an unknown option value, a text that does
 * not fit. Distinct from engine faults ({@link dev.explain4j.runtime.PythonException} and plain
 * {@link Explain4jException}), so callers can tell "fix your request" from "something broke".
 */
public class InvalidInputException extends Explain4jException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
