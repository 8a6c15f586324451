package dev.explain4j.explain;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attention.ScoreMultiple;
import java.util.List;
import java.util.Locale;

/**
 * Builds the prompt of a head description: each sample shows the text the query could see with the
 * attended token marked by double brackets, and how many times its row's average score it got.
 */
public final class HeadPrompt {
  /** At most this many context characters are shown before the attended token. */
  static final int CONTEXT_CHARS = 160;

  private HeadPrompt() {}

  /**
   * The prompt for head {@code (layer, head)} from its samples, strongest first.
   *
   * @throws InvalidInputException if there are no samples
   */
  public static String build(int layer, int head, List<ScoreMultiple> samples) {
    if (samples.isEmpty()) {
      throw new InvalidInputException(
          "head " + layer + "." + head + " has no above-average attention to describe");
    }
    StringBuilder sb = new StringBuilder();
    sb.append("You study one attention head (layer ")
        .append(layer)
        .append(", head ")
        .append(head)
        .append(") of a language model. Below are the token occurrences it attends to most,")
        .append(" each as a multiple of the average attention of its row. The attended token is")
        .append(
            " in [[double brackets]]; the last token of each excerpt is the one attending.\n\n");
    for (int i = 0; i < samples.size(); i++) {
      ScoreMultiple s = samples.get(i);
      sb.append(i + 1)
          .append(". ")
          .append(String.format(Locale.ROOT, "%.1fx", s.multiple()))
          .append(": ")
          .append(excerpt(s))
          .append('\n');
    }
    sb.append("\nIn one or two sentences, what pattern does this head attend to?");
    return sb.toString();
  }

  /** The context with the attended token marked, cut to {@link #CONTEXT_CHARS} before it. */
  static String excerpt(ScoreMultiple s) {
    List<String> ctx = s.context();
    String before = String.join("", ctx.subList(0, s.key()));
    if (before.length() > CONTEXT_CHARS) {
      before = "..." + before.substring(before.length() - CONTEXT_CHARS);
    }
    String after = String.join("", ctx.subList(s.key() + 1, ctx.size()));
    return (before + "[[" + ctx.get(s.key()) + "]]" + after).replace('\n', ' ');
  }
}
