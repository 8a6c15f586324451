package dev.explain4j.render;

import java.nio.file.Path;
import java.util.BitSet;

/**
 * A {@link HeatmapTable} as a static HTML table: every label escaped, coloured cells with their
 * values, score rows under a double rule, and a colour legend. The CSS is inline and scoped to the
 * fragment's root, so fragments can share a page (for example in Jupyter) and documents need
 * nothing from the network.
 */
public final class HeatmapHtml {
  /** Cell tooltips are written up to this many cells; larger tables skip them to stay small. */
  static final int TOOLTIP_CELLS = 10_000;

  private HeatmapHtml() {}

  /** A complete document. */
  public static String document(HeatmapTable table, Theme theme) {
    return Page.document(
        table.title().isEmpty() ? "explain4j heatmap" : table.title(),
        theme,
        fragment(table, theme, true));
  }

  /** A fragment for embedding (for example as Jupyter HTML output). */
  public static String fragment(HeatmapTable table, Theme theme) {
    return fragment(table, theme, false);
  }

  /** Writes {@link #document} to {@code file} atomically. */
  public static void write(Path file, HeatmapTable table, Theme theme) {
    AtomicFiles.writeString(file, document(table, theme));
  }

  static String fragment(HeatmapTable t, Theme theme, boolean document) {
    BitSet seq = new BitSet();
    BitSet div = new BitSet();
    boolean tips = (long) t.rows() * t.columns() <= TOOLTIP_CELLS;
    StringBuilder body = new StringBuilder();
    body.append("<table class=\"e4j-heat\">");
    if (!t.title().isEmpty()) {
      body.append("<caption>").append(Html.escape(t.title())).append("</caption>");
    }
    body.append("<thead><tr><th class=\"e4j-corner\"></th>");
    for (int c = 0; c < t.columns(); c++) {
      body.append("<th scope=\"col\" title=\"column ")
          .append(c)
          .append("\">")
          .append(Html.label(t.columnLabels().get(c)))
          .append("</th>");
    }
    body.append("</tr></thead>\n<tbody>");
    for (int r = 0; r < t.rows(); r++) {
      String rowLabel = Html.label(t.rowLabels().get(r));
      body.append("<tr><th scope=\"row\" title=\"row ")
          .append(r)
          .append("\">")
          .append(rowLabel)
          .append("</th>");
      for (int c = 0; c < t.columns(); c++) {
        String tip = tips ? rowLabel + " → " + Html.label(t.columnLabels().get(c)) : null;
        cell(body, t.range(), t.value(r, c), tip, seq, div);
      }
      body.append("</tr>\n");
    }
    body.append("</tbody>");
    if (!t.scoreRows().isEmpty()) {
      body.append("\n<tbody class=\"e4j-scores\">");
      for (ScoreRow s : t.scoreRows()) {
        String label = Html.label(s.label());
        body.append("<tr><th scope=\"row\">").append(label).append("</th>");
        for (int c = 0; c < t.columns(); c++) {
          cell(body, s.range(), s.value(c), tips ? label : null, seq, div);
        }
        body.append("</tr>\n");
      }
      body.append("</tbody>");
    }
    body.append("</table>\n").append(legend(t.range(), theme));
    return Css.rootOpen("table", document, theme)
        + Css.resource("heatmap.css")
        + Css.stepClasses(seq, div, theme)
        + "</style>\n"
        + body
        + "</div>";
  }

  private static void cell(
      StringBuilder sb, ValueRange range, float v, String tip, BitSet seq, BitSet div) {
    if (Float.isNaN(v)) {
      sb.append("<td class=\"e4j-empty\"></td>");
      return;
    }
    String text = Numbers.cell(v);
    sb.append("<td class=\"").append(Css.stepClass(range, v, seq, div)).append('"');
    if (tip != null) {
      sb.append(" title=\"").append(tip).append(": ").append(text).append('"');
    }
    sb.append('>').append(text).append("</td>");
  }

  /** A colour bar (light and dark variants, one shown) with the range's ends under it. */
  static String legend(ValueRange range, Theme theme) {
    StringBuilder sb = new StringBuilder("<div class=\"e4j-legend\">");
    sb.append("<span>").append(Numbers.cell(range.min())).append("</span>");
    if (theme != Theme.DARK) {
      bar(sb, range, Theme.LIGHT, theme == Theme.AUTO ? " e4j-light-only" : "");
    }
    if (theme != Theme.LIGHT) {
      bar(sb, range, Theme.DARK, theme == Theme.AUTO ? " e4j-dark-only" : "");
    }
    sb.append("<span>").append(Numbers.cell(range.max())).append("</span>");
    if (range.isDiverging()) {
      sb.append("<span>(center ").append(Numbers.cell(range.center())).append(")</span>");
    }
    return sb.append("</div>").toString();
  }

  private static void bar(StringBuilder sb, ValueRange range, Theme theme, String cls) {
    sb.append("<span class=\"e4j-bar")
        .append(cls)
        .append("\" style=\"background:")
        .append(range.colorMap(theme).cssGradient("to right", 9))
        .append("\"></span>");
  }
}
