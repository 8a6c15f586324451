package dev.explain4j.render;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A {@link HeatmapTable} as a standalone SVG image (valid XML; every label escaped). Text widths
 * are estimated from terminal column widths, so labels are laid out without any font at hand.
 */
public final class HeatmapSvg {
  /** Default cell size in pixels. */
  public static final int CELL_W = 46;

  /** Default cell height in pixels. */
  public static final int CELL_H = 22;

  private static final double CHAR_PX = 7.2;

  private HeatmapSvg() {}

  /** The SVG document text. */
  public static String svg(HeatmapTable t, Theme theme) {
    Theme.Palette p = theme.palette();
    TableLayout l = new TableLayout(t, CELL_W, CELL_H, s -> TokenText.displayWidth(s) * CHAR_PX);
    StringBuilder sb = new StringBuilder(256 + t.rows() * t.columns() * 90);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"")
        .append(" width=\"")
        .append(l.width)
        .append("\" height=\"")
        .append(l.height)
        .append("\" viewBox=\"0 0 ")
        .append(l.width)
        .append(' ')
        .append(l.height)
        .append("\" font-family=\"DejaVu Sans, Noto Sans, Arial, sans-serif\" font-size=\"12\">\n");
    sb.append("<title>").append(Html.escape(t.title())).append("</title>\n");
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"")
        .append(p.background().hex())
        .append("\"/>\n");
    if (!l.title.isEmpty()) {
      text(
              sb,
              TableLayout.PAD,
              l.titleY,
              "start",
              p.foreground(),
              Html.markup(l.title),
              " font-weight=\"bold\" font-size=\"13\"")
          .append('\n');
    }
    sb.append("<g>\n");
    for (int c = 0; c < t.columns(); c += l.columnLabelStride()) {
      double x = l.cellX(c) + l.cellW / 2.0 + 4;
      double y = l.gridY - TableLayout.GAP / 2.0;
      sb.append(
              String.format(
                  Locale.ROOT, "<text transform=\"translate(%.1f,%.1f) rotate(-90)\"", x, y))
          .append(" fill=\"")
          .append(p.foreground().hex())
          .append("\">")
          .append(Html.markup(l.columnLabels.get(c)))
          .append("</text>\n");
    }
    for (int r = 0; r < t.rows(); r++) {
      String label = r % l.rowLabelStride() == 0 ? l.rowLabels.get(r) : null;
      row(sb, l, p, theme, label, l.cellY(r), t.range(), r, t, null);
    }
    for (int s = 0; s < t.scoreRows().size(); s++) {
      ScoreRow row = t.scoreRows().get(s);
      row(sb, l, p, theme, l.scoreLabels.get(s), l.scoreCellY(s), row.range(), -1, t, row);
    }
    sb.append("</g>\n");
    legend(sb, l, p, t.range(), theme);
    return sb.append("</svg>\n").toString();
  }

  /** Writes {@link #svg} to {@code file} atomically. */
  public static void write(Path file, HeatmapTable t, Theme theme) {
    AtomicFiles.writeString(file, svg(t, theme));
  }

  private static void row(
      StringBuilder sb,
      TableLayout l,
      Theme.Palette p,
      Theme theme,
      String label,
      int y,
      ValueRange range,
      int r,
      HeatmapTable t,
      ScoreRow score) {
    if (label != null) {
      text(
              sb,
              l.gridX - TableLayout.GAP,
              y + l.cellH * 0.7,
              "end",
              p.foreground(),
              Html.markup(label),
              "")
          .append('\n');
    }
    for (int c = 0; c < t.columns(); c++) {
      float v = score == null ? t.value(r, c) : score.value(c);
      Rgb fill = Float.isNaN(v) ? p.empty() : range.color(v, theme);
      sb.append("<rect x=\"")
          .append(l.cellX(c))
          .append("\" y=\"")
          .append(y)
          .append("\" width=\"")
          .append(l.cellW)
          .append("\" height=\"")
          .append(l.cellH)
          .append("\" fill=\"")
          .append(fill.hex())
          .append("\" stroke=\"")
          .append(p.grid().hex())
          .append("\" stroke-width=\"0.5\"/>");
      if (l.showValues && !Float.isNaN(v)) {
        text(
            sb,
            l.cellX(c) + l.cellW - 4,
            y + l.cellH * 0.7,
            "end",
            fill.contrastText(),
            Numbers.cell(v),
            " font-size=\"10.5\"");
      }
      sb.append('\n');
    }
  }

  private static void legend(
      StringBuilder sb, TableLayout l, Theme.Palette p, ValueRange range, Theme theme) {
    ColorMap m = range.colorMap(theme);
    sb.append("<defs><linearGradient id=\"e4j-legend\">");
    for (int i = 0; i <= 8; i++) {
      sb.append("<stop offset=\"")
          .append(i / 8.0)
          .append("\" stop-color=\"")
          .append(m.at(i / 8.0).hex())
          .append("\"/>");
    }
    sb.append("</linearGradient></defs>\n");
    int x = TableLayout.PAD;
    sb.append("<rect x=\"")
        .append(x)
        .append("\" y=\"")
        .append(l.legendY)
        .append("\" width=\"")
        .append(TableLayout.LEGEND_W)
        .append("\" height=\"")
        .append(TableLayout.LEGEND_H)
        .append("\" fill=\"url(#e4j-legend)\" stroke=\"")
        .append(p.grid().hex())
        .append("\"/>\n");
    double ty = l.legendY + TableLayout.LEGEND_H + 12;
    text(sb, x, ty, "start", p.muted(), Numbers.cell(range.min()), " font-size=\"10.5\"");
    text(
        sb,
        x + TableLayout.LEGEND_W,
        ty,
        "end",
        p.muted(),
        Numbers.cell(range.max()),
        " font-size=\"10.5\"");
    if (range.isDiverging()) {
      text(
          sb,
          x + TableLayout.LEGEND_W / 2.0,
          ty,
          "middle",
          p.muted(),
          Numbers.cell(range.center()),
          " font-size=\"10.5\"");
    }
    sb.append('\n');
  }

  private static StringBuilder text(
      StringBuilder sb, double x, double y, String anchor, Rgb fill, String escaped, String extra) {
    return sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\"", x, y))
        .append(" text-anchor=\"")
        .append(anchor)
        .append("\" fill=\"")
        .append(fill.hex())
        .append('"')
        .append(extra)
        .append('>')
        .append(escaped)
        .append("</text>");
  }
}
