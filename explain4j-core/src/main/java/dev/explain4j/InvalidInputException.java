package dev.explain4j;

import java.util.Optional;

/**
 * Bad input from the caller: a path that holds no model, an unknown option value, a text that does
 * not fit. Distinct from engine faults ({@link dev.explain4j.runtime.PythonException} and plain
 * {@link Explain4jException}), so callers can tell "fix your request" from "something broke".
 *
 * <p>A refusal that a setting would lift names it: {@link #option()} is the builder method,
 * qualified by its options class (for example {@code ModelOptions.optAllowPickle}), and the message
 * writes it as Java code ({@code ModelOptions.builder().optAllowPickle(true)}). Another interface,
 * such as the CLI, words it its own way with {@link #messageWith(String)}.
 */
public class InvalidInputException extends Explain4jException {
  private static final long serialVersionUID = 1L;

  /** Where a message template names the setting that would lift the refusal. */
  public static final String OPTION_SLOT = "{option}";

  private final String template;
  private final String option;
  private final transient Object optionValue;

  public InvalidInputException(String message) {
    this(message, null);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
    this.template = message;
    this.option = null;
    this.optionValue = null;
  }

  /**
   * A refusal that setting {@code option} to {@code value} would lift.
   *
   * @param template the message, with {@link #OPTION_SLOT} where the setting is written
   * @param option the builder method qualified by its class, for example {@code
   *     ModelOptions.optTrustRemoteCode}
   * @param value the value to suggest, for example {@code true}
   */
  public InvalidInputException(String template, String option, Object value, Throwable cause) {
    super(template.replace(OPTION_SLOT, javaSetting(option, value)), cause);
    this.template = template;
    this.option = option;
    this.optionValue = value;
  }

  /** The builder method that would lift this refusal, for example {@code ModelOptions.optDtype}. */
  public Optional<String> option() {
    return Optional.ofNullable(option);
  }

  /** The value {@link #option()} suggests; null when there is no option. */
  public Object optionValue() {
    return optionValue;
  }

  /** The message with the setting written as {@code setting}; the plain message without one. */
  public String messageWith(String setting) {
    return option == null ? getMessage() : template.replace(OPTION_SLOT, setting);
  }

  /**
   * {@code ModelOptions.optAllowPickle}, {@code true} as Java: {@code ModelOptions.builder()...}.
   */
  static String javaSetting(String option, Object value) {
    int dot = option.lastIndexOf('.');
    String call = option.substring(dot + 1) + "(" + javaLiteral(value) + ")";
    return dot < 0 ? call : option.substring(0, dot) + ".builder()." + call;
  }

  private static String javaLiteral(Object value) {
    return value instanceof String s ? '"' + s + '"' : String.valueOf(value);
  }
}
