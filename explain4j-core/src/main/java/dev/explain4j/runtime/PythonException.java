package dev.explain4j.runtime;

import dev.explain4j.Explain4jException;
import java.util.ArrayList;
import java.util.List;

/**
 * An exception raised in Python, carrying its type, message and traceback. The Python frames are
 * placed in front of the Java stack trace, so a printed trace reads from Python into Java.
 */
public class PythonException extends Explain4jException {
  private static final long serialVersionUID = 1L;

  /** One traceback frame, innermost last as in Python. */
  public record Frame(String file, int line, String function) {}

  private final String pythonType;
  private final String pythonMessage;
  private final List<Frame> frames;
  private final String formattedTraceback;

  public PythonException(
      String pythonType, String pythonMessage, List<Frame> frames, String formattedTraceback) {
    super(pythonType + ": " + pythonMessage);
    this.pythonType = pythonType;
    this.pythonMessage = pythonMessage;
    this.frames = List.copyOf(frames);
    this.formattedTraceback = formattedTraceback;
    List<StackTraceElement> stack = new ArrayList<>();
    for (int i = this.frames.size() - 1; i >= 0; i--) {
      Frame f = this.frames.get(i);
      stack.add(new StackTraceElement("<python>", f.function(), f.file(), f.line()));
    }
    stack.addAll(List.of(getStackTrace()));
    setStackTrace(stack.toArray(StackTraceElement[]::new));
  }

  /**
   * The Python exception's type, for example {@code ValueError} or {@code torch.OutOfMemoryError}.
   */
  @Override
  public String pythonType() {
    return pythonType;
  }

  /**
   * The Python exception's message, {@code str(e)}; for a {@code SystemExit}, a sentence naming its
   * exit code.
   */
  public String pythonMessage() {
    return pythonMessage;
  }

  /** The traceback frames, outermost first, as Python prints them. */
  public List<Frame> frames() {
    return frames;
  }

  /** The traceback exactly as Python formats it. */
  public String formattedTraceback() {
    return formattedTraceback;
  }
}
