package dev.explain4j.render;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A {@link LineChart} as a standalone SVG image: valid XML, every title, axis name and series name
 * escaped; one {@code <polyline class="series">} per series and panel, with one point per value.
 * Text widths are estimated from terminal column widths, as {@link HeatmapSvg} does.
 */
public final class LineChartSvg {
  private static final double CHAR_PX = 7.2;

  private LineChartSvg() {}

  /** The SVG document text. */
  public static String svg(LineChart chart, Theme theme) {
    Theme.Palette p = theme.palette();
    ChartLayout l = new ChartLayout(chart, s -> TokenText.displayWidth(s) * CHAR_PX);
    StringBuilder sb = new StringBuilder(4096);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"")
        .append(
            f(
                " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\"",
                l.width, l.height, l.width, l.height))
        .append(" font-family=\"DejaVu Sans, Noto Sans, Arial, sans-serif\" font-size=\"12\">\n");
    sb.append("<title>").append(Html.escape(chart.title())).append("</title>\n");
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"")
        .append(p.background().hex())
        .append("\"/>\n");
    if (!chart.title().isEmpty()) {
      text(
          sb,
          ChartLayout.PAD,
          ChartLayout.PAD + 14,
          "start",
          p.foreground(),
          Html.escape(chart.title()),
          " font-weight=\"bold\" font-size=\"13\"");
    }
    List<LineChart.Panel> panels = chart.panels();
    for (int i = 0; i < panels.size(); i++) {
      panel(sb, l, p, i, panels.get(i));
    }
    sb.append("<g class=\"legend\">\n");
    for (int i = 0; i < l.names.size(); i++) {
      String name = l.names.get(i);
      int y = l.legendRowY(i);
      sb.append(
          f(
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/>",
              ChartLayout.PAD,
              y - 4.0,
              ChartLayout.PAD + ChartLayout.LEGEND_LINE,
              y - 4.0,
              l.colour(name).hex()));
      text(
          sb,
          ChartLayout.PAD + ChartLayout.LEGEND_LINE + 8,
          y,
          "start",
          p.foreground(),
          Html.escape(name),
          "");
      sb.append('\n');
    }
    return sb.append("</g>\n</svg>\n").toString();
  }

  private static void panel(
      StringBuilder sb, ChartLayout l, Theme.Palette p, int i, LineChart.Panel panel) {
    int x0 = l.plotX(i);
    int y0 = l.plotY();
    sb.append(f("<g class=\"panel\" data-panel=\"%d\">\n", i));
    text(
        sb,
        x0,
        y0 - 8,
        "start",
        p.foreground(),
        Html.escape(panel.title()),
        " font-weight=\"bold\"");
    sb.append('\n');
    for (double v : l.ticks(i, false)) {
      double y = l.py(i, v);
      sb.append(
          f(
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>",
              x0, y, x0 + ChartLayout.PLOT_W, y, p.grid().hex()));
      text(
          sb,
          x0 - 6,
          (int) Math.round(y + 4),
          "end",
          p.muted(),
          Html.markup(l.tickLabel(i, false, v)),
          "");
      sb.append('\n');
    }
    for (double v : l.ticks(i, true)) {
      double x = l.px(i, v);
      sb.append(
          f(
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>",
              x, y0, x, y0 + ChartLayout.PLOT_H, p.grid().hex()));
      text(
          sb,
          (int) Math.round(x),
          y0 + ChartLayout.PLOT_H + 16,
          "middle",
          p.muted(),
          Html.markup(l.tickLabel(i, true, v)),
          "");
      sb.append('\n');
    }
    sb.append(
        f(
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"%s\"/>\n",
            x0, y0, ChartLayout.PLOT_W, ChartLayout.PLOT_H, p.muted().hex()));
    text(
        sb,
        x0 + ChartLayout.PLOT_W / 2,
        y0 + ChartLayout.PLOT_H + 36,
        "middle",
        p.foreground(),
        Html.escape(panel.xLabel()),
        "");
    sb.append(
            f(
                "\n<text transform=\"translate(%d,%d) rotate(-90)\" text-anchor=\"middle\" fill=\"%s\">",
                x0 - ChartLayout.LEFT + 14, y0 + ChartLayout.PLOT_H / 2, p.foreground().hex()))
        .append(Html.escape(panel.yLabel()))
        .append("</text>\n");
    for (LineChart.Series s : panel.series()) {
      double[] x = s.x();
      double[] y = s.y();
      StringBuilder points = new StringBuilder();
      for (int k = 0; k < x.length; k++) {
        points.append(k == 0 ? "" : " ").append(f("%.2f,%.2f", l.px(i, x[k]), l.py(i, y[k])));
      }
      String name = Html.escape(s.name());
      sb.append(
              f(
                  "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"",
                  l.colour(s.name()).hex()))
          .append(" data-series=\"")
          .append(name)
          .append("\" points=\"")
          .append(points)
          .append("\"><title>")
          .append(name)
          .append("</title></polyline>\n");
    }
    sb.append("</g>\n");
  }

  private static void text(
      StringBuilder sb, int x, int y, String anchor, Rgb fill, String markup, String extra) {
    sb.append(
            f(
                "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" fill=\"%s\"%s>",
                x, y, anchor, fill.hex(), extra))
        .append(markup)
        .append("</text>");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** Writes {@link #svg} to {@code file} atomically. */
  public static void write(Path file, LineChart chart, Theme theme) {
    AtomicFiles.writeString(file, svg(chart, theme));
  }
}
