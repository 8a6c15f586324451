package dev.explain4j.render;

import dev.explain4j.Explain4jException;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * A {@link HeatmapTable} as a PNG image drawn with Java2D in headless mode. Labels use DejaVu Sans
 * when installed; characters no installed font can draw are shown as {@code ?}; if text cannot be
 * drawn at all the image is drawn without it rather than failing.
 */
public final class HeatmapPng {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private HeatmapPng() {}

  /**
   * Where things are in the image.
   *
   * @param width image width in pixels
   * @param height image height in pixels
   * @param gridX left edge of the first column
   * @param gridY top edge of the first row
   * @param cellWidth cell width
   * @param cellHeight cell height
   * @param scoreY top edge of the first score row
   */
  public record Geometry(
      int width, int height, int gridX, int gridY, int cellWidth, int cellHeight, int scoreY) {}

  /** The geometry {@link #image} uses for this table and cell size. */
  public static Geometry geometry(HeatmapTable t, int cellWidth, int cellHeight) {
    TableLayout l = layout(t, cellWidth, cellHeight);
    return new Geometry(l.width, l.height, l.gridX, l.gridY, l.cellW, l.cellH, l.scoreY);
  }

  /**
   * The image with the default cell size ({@link HeatmapSvg#CELL_W} × {@link HeatmapSvg#CELL_H}).
   */
  public static BufferedImage image(HeatmapTable t, Theme theme) {
    return image(t, theme, HeatmapSvg.CELL_W, HeatmapSvg.CELL_H);
  }

  /** The image. */
  public static BufferedImage image(HeatmapTable t, Theme theme, int cellWidth, int cellHeight) {
    if (cellWidth < 1 || cellHeight < 1) {
      throw new IllegalArgumentException(
          "cell size must be positive: " + cellWidth + "×" + cellHeight);
    }
    TableLayout l = layout(t, cellWidth, cellHeight);
    Theme.Palette p = theme.palette();
    BufferedImage img = new BufferedImage(l.width, l.height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(color(p.background()));
      g.fillRect(0, 0, l.width, l.height);
      Cells cells = new Cells(img, l, p);
      for (int r = 0; r < t.rows(); r++) {
        for (int c = 0; c < t.columns(); c++) {
          cells.fill(l.cellX(c), l.cellY(r), t.value(r, c), t.range(), theme);
        }
      }
      for (int s = 0; s < t.scoreRows().size(); s++) {
        ScoreRow row = t.scoreRows().get(s);
        for (int c = 0; c < t.columns(); c++) {
          cells.fill(l.cellX(c), l.scoreCellY(s), row.value(c), row.range(), theme);
        }
      }
      ColorMap m = t.range().colorMap(theme);
      for (int x = 0; x < TableLayout.LEGEND_W; x++) {
        g.setColor(color(m.at(x / (double) (TableLayout.LEGEND_W - 1))));
        g.fillRect(TableLayout.PAD + x, l.legendY, 1, TableLayout.LEGEND_H);
      }
      new PngText(g, l, t, theme).drawAll();
    } finally {
      g.dispose();
    }
    return img;
  }

  /** PNG bytes of {@link #image}. */
  public static byte[] png(HeatmapTable t, Theme theme) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image(t, theme), "png", out)) {
        throw new Explain4jException("no PNG writer is available in this Java runtime");
      }
    } catch (IOException e) {
      throw new Explain4jException("could not encode the heatmap as PNG: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** Writes {@link #png} to {@code file} atomically. */
  public static void write(Path file, HeatmapTable t, Theme theme) {
    AtomicFiles.writeBytes(file, png(t, theme));
  }

  static TableLayout layout(HeatmapTable t, int cellW, int cellH) {
    FontMetrics fm = PngText.metrics(Fonts.base(12f));
    return new TableLayout(t, cellW, cellH, s -> fm == null ? s.length() * 7.2 : fm.stringWidth(s));
  }

  /** Writes cells straight into the image's pixels: a filled block with a one-pixel grid edge. */
  private static final class Cells {
    private final int[] pixels;
    private final int width;
    private final int cellW;
    private final int cellH;
    private final int grid;
    private final int empty;

    Cells(BufferedImage img, TableLayout l, Theme.Palette p) {
      this.pixels = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
      this.width = img.getWidth();
      this.cellW = l.cellW;
      this.cellH = l.cellH;
      this.grid = p.grid().packed();
      this.empty = p.empty().packed();
    }

    void fill(int x, int y, float v, ValueRange range, Theme theme) {
      int inside = Float.isNaN(v) ? empty : range.color(v, theme).packed();
      for (int dy = 0; dy < cellH; dy++) {
        int row = (y + dy) * width + x;
        boolean edge = dy == 0 || dy == cellH - 1;
        Arrays.fill(pixels, row, row + cellW, edge ? grid : inside);
        pixels[row] = grid;
        pixels[row + cellW - 1] = grid;
      }
    }
  }

  static Color color(Rgb c) {
    return new Color(c.r(), c.g(), c.b());
  }

  static void antialias(Graphics2D g) {
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
  }

  static AffineTransform upwards(double x, double y) {
    AffineTransform at = AffineTransform.getTranslateInstance(x, y);
    at.rotate(-Math.PI / 2);
    return at;
  }

  static Font small(Font base) {
    return base.deriveFont(10.5f);
  }
}
