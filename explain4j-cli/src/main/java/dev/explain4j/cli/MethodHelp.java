package dev.explain4j.cli;

import dev.explain4j.attribution.MethodCatalog;
import dev.explain4j.attribution.MethodCatalog.Method;
import dev.explain4j.attribution.MethodCatalog.Option;
import dev.explain4j.attribution.MethodCatalog.Score;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The methods, their options, the step scores and the attributed functions in a command's help,
 * read from the engine's catalogue when the help is shown (this starts Python).
 */
final class MethodHelp {
  static final String SECTION = "explain4jMethods";

  private MethodHelp() {}

  /** Adds the section to {@code cl}'s help, before the footer. */
  static void install(CommandLine cl, Supplier<MethodCatalog> catalog) {
    cl.getHelpSectionMap().put(SECTION, help -> render(catalog));
    List<String> keys = new ArrayList<>(cl.getHelpSectionKeys());
    keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), SECTION);
    cl.setHelpSectionKeys(keys);
  }

  static String render(Supplier<MethodCatalog> source) {
    MethodCatalog catalog;
    try {
      catalog = source.get();
    } catch (RuntimeException e) {
      return System.lineSeparator()
          + "Methods: listing them needs Python, which failed: "
          + ErrorLines.oneLine(e.getMessage())
          + " (see explain4j doctor)"
          + System.lineSeparator();
    }
    StringBuilder b = new StringBuilder(System.lineSeparator());
    b.append("Methods (--method), with their options and defaults:").append(System.lineSeparator());
    for (Method m : catalog.methods().values()) {
      b.append(String.format("  %-21s %s%n", m.name(), options(m)));
    }
    b.append("Step scores (--step-scores):").append(System.lineSeparator());
    b.append(names(catalog.stepScores().values()));
    b.append("  arguments (--step-score-arg NAME=VALUE): ");
    List<String> args = new ArrayList<>();
    for (Score s : catalog.stepScores().values()) {
      s.args()
          .forEach(
              (name, value) ->
                  args.add(s.name() + " " + name + "=" + (value == null ? "required" : value)));
    }
    b.append(String.join(", ", args)).append(System.lineSeparator());
    b.append("Attributed functions (--attributed-fn):").append(System.lineSeparator());
    b.append(names(catalog.attributedFns().values()));
    return b.toString();
  }

  private static String options(Method m) {
    if (m.options().isEmpty()) {
      return "no options";
    }
    List<String> parts = new ArrayList<>();
    for (Option o : m.options().values()) {
      String kind = o.choices().isEmpty() ? o.type() : String.join("|", o.choices());
      if (o.min() != null || o.max() != null) {
        kind += o.min() == null ? "" : " >= " + bound(o.min());
        kind += o.max() == null ? "" : " <= " + bound(o.max());
      }
      parts.add(
          o.name()
              + "="
              + (o.defaultValue() == null ? "none" : o.defaultValue())
              + " ("
              + kind
              + ")");
    }
    return String.join(", ", parts);
  }

  private static String names(Iterable<Score> scores) {
    List<String> plain = new ArrayList<>();
    List<String> contrastive = new ArrayList<>();
    for (Score s : scores) {
      (s.contrastive() ? contrastive : plain).add(s.name());
    }
    String line = "  " + String.join(", ", plain) + System.lineSeparator();
    if (!contrastive.isEmpty()) {
      line += "  with contrast targets: " + String.join(", ", contrastive) + System.lineSeparator();
    }
    return line;
  }

  private static String bound(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
