package dev.explain4j.render;

import dev.explain4j.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A line chart: one or more panels side by side, each with its axes and one line per series. A
 * series keeps its colour in every panel (by name), and the legend lists each name once. Draw it
 * with {@link LineChartSvg} or {@link LineChartPng}. Immutable.
 *
 * @param title the chart's title (may be empty)
 * @param panels the panels, left to right
 */
public record LineChart(String title, List<Panel> panels) {
  /** Checks that there is a panel and copies the list. */
  public LineChart {
    Objects.requireNonNull(title, "title");
    panels = List.copyOf(panels);
    if (panels.isEmpty()) {
      throw new InvalidInputException("a line chart needs at least one panel");
    }
  }

  /**
   * One panel.
   *
   * @param title the panel's title
   * @param xLabel the x axis's name
   * @param yLabel the y axis's name
   * @param series its lines, at least one
   */
  public record Panel(String title, String xLabel, String yLabel, List<Series> series) {
    /** Checks that there is a series and copies the list. */
    public Panel {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(xLabel, "xLabel");
      Objects.requireNonNull(yLabel, "yLabel");
      series = List.copyOf(series);
      if (series.isEmpty()) {
        throw new InvalidInputException("panel " + title + " has no series to draw");
      }
    }
  }

  /**
   * One line: its points in order.
   *
   * @param name the series' name (legend, tooltip)
   * @param x the x values
   * @param y the y values, as many as {@code x}, all finite
   */
  public record Series(String name, double[] x, double[] y) {
    /** Checks the points and copies the arrays. */
    public Series {
      Objects.requireNonNull(name, "name");
      if (x.length != y.length || x.length == 0) {
        throw new InvalidInputException(
            "series "
                + name
                + " needs as many x as y values, at least one: got "
                + x.length
                + " and "
                + y.length);
      }
      for (int i = 0; i < x.length; i++) {
        if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
          throw new InvalidInputException(
              "series " + name + " has a non-finite point at " + i + ": " + x[i] + ", " + y[i]);
        }
      }
      x = x.clone();
      y = y.clone();
    }

    @Override
    public double[] x() {
      return x.clone();
    }

    @Override
    public double[] y() {
      return y.clone();
    }
  }

  /** Every series name, once each, in order of first appearance: the legend's entries. */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    for (Panel p : panels) {
      for (Series s : p.series()) {
        if (!out.contains(s.name())) {
          out.add(s.name());
        }
      }
    }
    return out;
  }
}
