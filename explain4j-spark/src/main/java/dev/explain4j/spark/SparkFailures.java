package dev.explain4j.spark;

import dev.explain4j.Explain4jException;
import dev.explain4j.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed Spark job back into explain4j's one-line error: the executor's {@link
 * InvalidInputException} or {@link Explain4jException}, found in the cause chain or in the text of
 * the task failure Spark reports.
 */
final class SparkFailures {
  private static final Pattern REPORTED =
      Pattern.compile("dev\\.explain4j\\.(InvalidInputException|Explain4jException): ([^\\n]*)");

  private SparkFailures() {}

  /** The explain4j exception behind {@code e}, or {@code e} itself as an engine fault. */
  static RuntimeException unwrap(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidInputException ie) {
        return new InvalidInputException(ie.getMessage(), e);
      }
      if (t instanceof Explain4jException ee) {
        return new Explain4jException(ee.getMessage(), e);
      }
      Matcher m = REPORTED.matcher(String.valueOf(t.getMessage()));
      if (m.find()) {
        return m.group(1).equals("InvalidInputException")
            ? new InvalidInputException(m.group(2), e)
            : new Explain4jException(m.group(2), e);
      }
    }
    if (e instanceof RuntimeException re) {
      return re;
    }
    return new Explain4jException("Spark job failed: " + firstLine(e), e);
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
