package dev.explain4j.render;

import java.nio.file.Path;
import java.util.BitSet;

/**
 * Writes {@link ColoredText} as HTML (inline spans with coloured backgrounds, scores on hover) or
 * as terminal text (24-bit colour backgrounds, or scores in brackets when plain).
 */
public final class ColoredTextWriter {
  private ColoredTextWriter() {}

  /** A fragment for embedding, for example as Jupyter HTML output. */
  public static String fragment(ColoredText text, Theme theme) {
    return fragment(text, theme, false);
  }

  /** A complete self-contained document. */
  public static String document(ColoredText text, Theme theme) {
    return Page.document(
        text.title().isEmpty() ? "explain4j text" : text.title(),
        theme,
        fragment(text, theme, true));
  }

  /** Writes {@link #document} to {@code file} atomically. */
  public static void write(Path file, ColoredText text, Theme theme) {
    AtomicFiles.writeString(file, document(text, theme));
  }

  private static String fragment(ColoredText t, Theme theme, boolean document) {
    BitSet seq = new BitSet();
    BitSet div = new BitSet();
    StringBuilder body = new StringBuilder();
    if (!t.title().isEmpty()) {
      body.append("<div class=\"e4j-title\">").append(Html.escape(t.title())).append("</div>\n");
    }
    body.append("<p class=\"e4j-flow\">");
    for (int i = 0; i < t.tokens().size(); i++) {
      String tok = t.tokens().get(i);
      float v = t.score(i);
      String cls = Float.isNaN(v) ? "" : " " + Css.stepClass(t.range(), v, seq, div);
      body.append("<span class=\"e4j-tok")
          .append(cls)
          .append("\" title=\"#")
          .append(i)
          .append(" ")
          .append(Html.label(tok))
          .append(": ")
          .append(Float.isNaN(v) ? "no score" : Numbers.cell(v))
          .append("\">")
          .append(Html.escape(tok))
          .append("</span>");
      if (tok.indexOf('\n') >= 0) {
        body.append("<br>");
      }
    }
    body.append("</p>\n").append(HeatmapHtml.legend(t.range(), theme));
    return Css.rootOpen("text", document, theme)
        + ".e4j .e4j-flow{line-height:1.9;margin:0;max-width:70em}"
        + ".e4j .e4j-flow .e4j-tok{white-space:pre-wrap;border-radius:3px;padding:1px 0}\n"
        + Css.stepClasses(seq, div, theme)
        + "</style>\n"
        + body
        + "</div>";
  }

  /** Terminal text, ending in a newline. */
  public static String ansi(ColoredText t, AnsiOptions o) {
    StringBuilder sb = new StringBuilder();
    if (!t.title().isEmpty()) {
      String title = TokenText.visible(t.title());
      sb.append(o.color() ? Ansi.BOLD + title + Ansi.RESET : title).append('\n');
    }
    float[] scores = t.scores();
    tokens(
        sb,
        t,
        scores,
        (shown, i) ->
            o.color()
                ? Ansi.colors(t.range().color(scores[i], o.theme())) + shown + Ansi.RESET
                : shown + '[' + Numbers.cell(scores[i]) + ']');
    return sb.append('\n').append(HeatmapAnsi.legend(t.range(), o)).append('\n').toString();
  }

  /**
   * Terminal text in banded standard colours, ending in a newline: the title (plain), then each
   * token in the colour of its band of the scores scaled by {@link ColorBands#scaled}; no legend.
   */
  public static String ansi(ColoredText t, ColorBands bands) {
    StringBuilder sb = new StringBuilder();
    if (!t.title().isEmpty()) {
      sb.append(TokenText.visible(t.title())).append('\n');
    }
    float[] scaled = ColorBands.scaled(t.scores());
    tokens(sb, t, scaled, (shown, i) -> bands.escape(scaled[i]) + shown + Ansi.RESET);
    return sb.append('\n').toString();
  }

  /**
   * Appends each token made visible ({@link TokenText#visible}: the one terminal escaping path),
   * written by {@code paint} where its value is not NaN.
   */
  private static void tokens(StringBuilder sb, ColoredText t, float[] values, Paint paint) {
    for (int i = 0; i < t.tokens().size(); i++) {
      String tok = t.tokens().get(i);
      String shown = TokenText.visible(tok);
      sb.append(Float.isNaN(values[i]) ? shown : paint.apply(shown, i));
      if (tok.indexOf('\n') >= 0) {
        sb.append('\n');
      }
    }
  }

  /** How a visible token with a score is written. */
  @FunctionalInterface
  private interface Paint {
    String apply(String shown, int index);
  }
}
