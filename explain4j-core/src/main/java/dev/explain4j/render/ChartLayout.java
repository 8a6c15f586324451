package dev.explain4j.render;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Where a {@link LineChart} is drawn: panels side by side, the legend below them, one entry per
 * series name. Shared by the SVG and PNG writers, so both put every point at the same pixel.
 */
final class ChartLayout {
  static final int PAD = 16;
  static final int TITLE_H = 26;
  static final int PANEL_TITLE_H = 22;
  static final int LEFT = 66;
  static final int PLOT_W = 340;
  static final int PLOT_H = 220;
  static final int BOTTOM = 46;
  static final int GAP = 28;
  static final int LEGEND_ROW = 18;
  static final int LEGEND_LINE = 24;
  static final int TICKS = 5;

  /**
   * Colour-blind-safe series colours (Okabe and Ito's set without black, and one more), in order of
   * use.
   */
  private static final List<Rgb> COLOURS =
      List.of(
          Rgb.hex("#0072b2"),
          Rgb.hex("#d55e00"),
          Rgb.hex("#009e73"),
          Rgb.hex("#cc79a7"),
          Rgb.hex("#e69f00"),
          Rgb.hex("#56b4e9"),
          Rgb.hex("#7f7f7f"),
          Rgb.hex("#8c564b"));

  final LineChart chart;
  final List<String> names;
  final int top;
  final int legendY;
  final int width;
  final int height;
  private final double[][] xRange;
  private final double[][] yRange;

  ChartLayout(LineChart chart, ToDoubleFunction<String> textWidth) {
    this.chart = chart;
    this.names = chart.names();
    this.top = PAD + (chart.title().isEmpty() ? 0 : TITLE_H);
    int n = chart.panels().size();
    xRange = new double[n][];
    yRange = new double[n][];
    for (int i = 0; i < n; i++) {
      List<LineChart.Series> s = chart.panels().get(i).series();
      xRange[i] = range(s, true);
      yRange[i] = range(s, false);
    }
    this.legendY = top + PANEL_TITLE_H + PLOT_H + BOTTOM + 8;
    double legendW = 0;
    for (String name : names) {
      legendW = Math.max(legendW, textWidth.applyAsDouble(TokenText.visible(name)));
    }
    double panelsW = n * (LEFT + PLOT_W) + (n - 1) * GAP;
    double titleW = textWidth.applyAsDouble(TokenText.visible(chart.title())) * 1.1;
    this.width =
        (int) Math.ceil(2 * PAD + Math.max(panelsW, Math.max(titleW, LEGEND_LINE + 8 + legendW)));
    this.height = legendY + names.size() * LEGEND_ROW + PAD;
  }

  /** [min, max] of the x or y values of a panel's series, widened when flat; y padded by 5%. */
  private static double[] range(List<LineChart.Series> series, boolean x) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (LineChart.Series s : series) {
      for (double v : x ? s.x() : s.y()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
      double d = Math.max(0.5, Math.abs(hi) * 0.1);
      return new double[] {lo - d, hi + d};
    }
    double pad = x ? 0 : (hi - lo) * 0.05;
    return new double[] {lo - pad, hi + pad};
  }

  /** Left edge of panel {@code p}'s plot area. */
  int plotX(int p) {
    return PAD + p * (LEFT + PLOT_W + GAP) + LEFT;
  }

  /** Top edge of every plot area. */
  int plotY() {
    return top + PANEL_TITLE_H;
  }

  /** The pixel of point {@code (x, y)} in panel {@code p}. */
  double px(int p, double x) {
    double[] r = xRange[p];
    return plotX(p) + (x - r[0]) / (r[1] - r[0]) * PLOT_W;
  }

  double py(int p, double y) {
    double[] r = yRange[p];
    return plotY() + PLOT_H - (y - r[0]) / (r[1] - r[0]) * PLOT_H;
  }

  /**
   * The tick values of panel {@code p}'s x or y axis: multiples of 1, 2, 2.5 or 5 times a power of
   * ten, about {@link #TICKS} of them, inside its range.
   */
  double[] ticks(int p, boolean x) {
    double[] r = x ? xRange[p] : yRange[p];
    double step = step(r);
    long first = (long) Math.ceil(r[0] / step - 1e-9);
    long last = (long) Math.floor(r[1] / step + 1e-9);
    double[] out = new double[(int) Math.max(0, last - first + 1)];
    for (int i = 0; i < out.length; i++) {
      double v = (first + i) * step;
      out[i] = Math.abs(v) < step * 1e-9 ? 0 : v;
    }
    return out;
  }

  /** A tick's text: as many decimals as the axis's step needs, so that ticks read apart. */
  String tickLabel(int p, boolean x, double v) {
    double step = step(x ? xRange[p] : yRange[p]);
    int decimals = 0;
    while (decimals < 12
        && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals)))
            > 1e-6) {
      decimals++;
    }
    if (decimals > 6 || Math.abs(v) >= 1e6) {
      return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
    return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
  }

  private static double step(double[] r) {
    double raw = (r[1] - r[0]) / (TICKS - 1);
    double unit = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 2.5, 5}) {
      if (m * unit >= raw * 0.75) {
        return m * unit;
      }
    }
    return unit * 10;
  }

  /** The colour of series {@code name}. */
  Rgb colour(String name) {
    return COLOURS.get(names.indexOf(name) % COLOURS.size());
  }

  /** Baseline of legend entry {@code i}. */
  int legendRowY(int i) {
    return legendY + i * LEGEND_ROW + 12;
  }
}
