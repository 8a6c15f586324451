package dev.explain4j.render;

import dev.explain4j.Explain4jException;
import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A {@link LineChart} as a PNG image drawn with Java2D in headless mode, at the pixels {@link
 * LineChartSvg} uses. Text that cannot be drawn (no usable font) is left out rather than failing.
 */
public final class LineChartPng {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private LineChartPng() {}

  /** The image. */
  public static BufferedImage image(LineChart chart, Theme theme) {
    Theme.Palette p = theme.palette();
    Font font = Fonts.base(12f);
    FontMetrics fm = PngText.metrics(font);
    ChartLayout l =
        new ChartLayout(
            chart, s -> fm == null ? TokenText.displayWidth(s) * 7.2 : fm.stringWidth(s));
    BufferedImage img = new BufferedImage(l.width, l.height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      HeatmapPng.antialias(g);
      g.setColor(HeatmapPng.color(p.background()));
      g.fillRect(0, 0, l.width, l.height);
      Text text = new Text(g);
      if (!chart.title().isEmpty()) {
        text.draw(
            font.deriveFont(Font.BOLD, 13f),
            chart.title(),
            ChartLayout.PAD,
            ChartLayout.PAD + 14,
            0,
            p.foreground(),
            null);
      }
      for (int i = 0; i < chart.panels().size(); i++) {
        panel(g, text, font, l, p, i, chart.panels().get(i));
      }
      for (int i = 0; i < l.names.size(); i++) {
        String name = l.names.get(i);
        int y = l.legendRowY(i);
        g.setColor(HeatmapPng.color(l.colour(name)));
        g.setStroke(new BasicStroke(3f));
        g.drawLine(ChartLayout.PAD, y - 4, ChartLayout.PAD + ChartLayout.LEGEND_LINE, y - 4);
        text.draw(
            font, name, ChartLayout.PAD + ChartLayout.LEGEND_LINE + 8, y, 0, p.foreground(), null);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  private static void panel(
      Graphics2D g,
      Text text,
      Font font,
      ChartLayout l,
      Theme.Palette p,
      int i,
      LineChart.Panel panel) {
    int x0 = l.plotX(i);
    int y0 = l.plotY();
    Font small = HeatmapPng.small(font);
    text.draw(font.deriveFont(Font.BOLD), panel.title(), x0, y0 - 8, 0, p.foreground(), null);
    g.setStroke(new BasicStroke(1f));
    for (double v : l.ticks(i, false)) {
      int y = (int) Math.round(l.py(i, v));
      g.setColor(HeatmapPng.color(p.grid()));
      g.drawLine(x0, y, x0 + ChartLayout.PLOT_W, y);
      text.draw(small, l.tickLabel(i, false, v), x0 - 6, y + 4, 1, p.muted(), null);
    }
    for (double v : l.ticks(i, true)) {
      int x = (int) Math.round(l.px(i, v));
      g.setColor(HeatmapPng.color(p.grid()));
      g.drawLine(x, y0, x, y0 + ChartLayout.PLOT_H);
      text.draw(
          small, l.tickLabel(i, true, v), x, y0 + ChartLayout.PLOT_H + 16, 0.5, p.muted(), null);
    }
    g.setColor(HeatmapPng.color(p.muted()));
    g.drawRect(x0, y0, ChartLayout.PLOT_W, ChartLayout.PLOT_H);
    text.draw(
        font,
        panel.xLabel(),
        x0 + ChartLayout.PLOT_W / 2,
        y0 + ChartLayout.PLOT_H + 36,
        0.5,
        p.foreground(),
        null);
    text.draw(
        font,
        panel.yLabel(),
        0,
        0,
        0.5,
        p.foreground(),
        HeatmapPng.upwards(x0 - ChartLayout.LEFT + 14, y0 + ChartLayout.PLOT_H / 2.0));
    g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    for (LineChart.Series s : panel.series()) {
      double[] x = s.x();
      double[] y = s.y();
      Path2D.Double line = new Path2D.Double();
      line.moveTo(l.px(i, x[0]), l.py(i, y[0]));
      for (int k = 1; k < x.length; k++) {
        line.lineTo(l.px(i, x[k]), l.py(i, y[k]));
      }
      g.setColor(HeatmapPng.color(l.colour(s.name())));
      if (x.length == 1) {
        g.fillOval((int) l.px(i, x[0]) - 2, (int) l.py(i, y[0]) - 2, 5, 5);
      } else {
        g.draw(line);
      }
    }
  }

  /** Draws text through {@link Fonts}; after the first failure draws no more. */
  private static final class Text {
    private final Graphics2D g;
    private boolean broken;

    Text(Graphics2D g) {
      this.g = g;
    }

    /** {@code align}: 0 left, 0.5 centred, 1 right of {@code x}. */
    void draw(Font f, String raw, int x, int y, double align, Rgb colour, AffineTransform at) {
      String visible = TokenText.visible(raw);
      if (broken || visible.isEmpty()) {
        return;
      }
      try {
        Fonts.Styled s = Fonts.forText(f, visible);
        g.setFont(s.font());
        g.setColor(HeatmapPng.color(colour));
        int dx = (int) Math.round(-align * g.getFontMetrics().stringWidth(s.text()));
        AffineTransform saved = g.getTransform();
        if (at != null) {
          g.transform(at);
        }
        g.drawString(s.text(), x + dx, y);
        g.setTransform(saved);
      } catch (RuntimeException | Error e) {
        broken = true;
      }
    }
  }

  /** PNG bytes of {@link #image}. */
  public static byte[] png(LineChart chart, Theme theme) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image(chart, theme), "png", out)) {
        throw new Explain4jException("no PNG writer is available in this Java runtime");
      }
    } catch (IOException e) {
      throw new Explain4jException("could not encode the line chart as PNG: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** Writes {@link #png} to {@code file} atomically. */
  public static void write(Path file, LineChart chart, Theme theme) {
    AtomicFiles.writeBytes(file, png(chart, theme));
  }
}
