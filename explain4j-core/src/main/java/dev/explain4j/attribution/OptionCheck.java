package dev.explain4j.attribution;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attribution.MethodCatalog.Method;
import dev.explain4j.attribution.MethodCatalog.Option;
import java.util.List;

/** One method option's value against the catalogue: known, typed, within bounds and choices. */
final class OptionCheck {
  private OptionCheck() {}

  static void check(Method method, String name, Object value) {
    Option option = method.options().get(name);
    if (option == null) {
      throw new InvalidInputException(
          "method '"
              + method.name()
              + "' does not take '"
              + name
              + "'; it takes "
              + (method.options().isEmpty()
                  ? "no options"
                  : String.join(", ", method.options().keySet())));
    }
    check(method.name(), option, value);
  }

  /** {@code value} against {@code option}; messages start with {@code owner}. */
  static void check(String owner, Option option, Object value) {
    String what = owner + ": " + option.name();
    if (value == null) {
      if (!option.nullable()) {
        throw new InvalidInputException(what + " must be given, got null");
      }
      return;
    }
    boolean ok =
        switch (option.type()) {
          case "int" -> isInteger(value);
          case "float" -> value instanceof Number;
          case "bool" -> value instanceof Boolean;
          case "str" -> value instanceof String;
          case "int_list" ->
              value instanceof List<?> l && l.stream().allMatch(OptionCheck::isInteger);
          default -> true;
        };
    if (!ok) {
      throw new InvalidInputException(what + " must be " + kind(option) + ", got " + value);
    }
    if (value instanceof Number n) {
      double v = n.doubleValue();
      if (Double.isNaN(v)) {
        throw new InvalidInputException(what + " must be " + kind(option) + ", got " + value);
      }
      if ((option.min() != null && v < option.min())
          || (option.max() != null && v > option.max())) {
        throw new InvalidInputException(what + " must be " + kind(option) + ", got " + value);
      }
    }
    if (!option.choices().isEmpty() && !option.choices().contains(String.valueOf(value))) {
      throw new InvalidInputException(
          what + " must be one of " + String.join(", ", option.choices()) + ", got " + value);
    }
  }

  /** The option's type and bounds in words: "an integer of at least 1". */
  static String kind(Option option) {
    String base =
        switch (option.type()) {
          case "int" -> "an integer";
          case "float" -> "a number";
          case "bool" -> "true or false";
          case "str" -> "a string";
          case "int_list" -> "a list of integers";
          default -> option.type();
        };
    if (option.min() != null && option.max() != null) {
      return base + " from " + bound(option.min()) + " to " + bound(option.max());
    }
    if (option.min() != null) {
      return base + " of at least " + bound(option.min());
    }
    return option.max() == null ? base : base + " of at most " + bound(option.max());
  }

  private static String bound(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static boolean isInteger(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
  }
}
