package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeatmapPngTest {
  @TempDir Path dir;

  @Test
  void decodesAtTheGeometrysSizeWithCellsInTheirColours() throws Exception {
    HeatmapTable t = HeatmapTableTest.inseqLike();
    Path f = dir.resolve("ig.png");
    HeatmapPng.write(f, t, Theme.LIGHT);
    BufferedImage img = ImageIO.read(Files.newInputStream(f));
    assertNotNull(img, "ImageIO could not decode the PNG");
    HeatmapPng.Geometry g = HeatmapPng.geometry(t, HeatmapSvg.CELL_W, HeatmapSvg.CELL_H);
    assertEquals(g.width(), img.getWidth());
    assertEquals(g.height(), img.getHeight());
    assertTrue(g.gridX() + t.columns() * g.cellWidth() <= img.getWidth());
    assertTrue(g.scoreY() + t.scoreRows().size() * g.cellHeight() <= img.getHeight());
    for (int r = 0; r < t.rows(); r++) {
      for (int c = 0; c < t.columns(); c++) {
        float v = t.value(r, c);
        Rgb want = Float.isNaN(v) ? Theme.LIGHT.palette().empty() : t.range().color(v, Theme.LIGHT);
        int x = g.gridX() + c * g.cellWidth() + 3;
        int y = g.gridY() + r * g.cellHeight() + 3;
        assertEquals(want.packed(), img.getRGB(x, y) & 0xffffff, "cell " + r + "," + c);
        int grid = Theme.LIGHT.palette().grid().packed();
        int left = g.gridX() + c * g.cellWidth();
        int top = g.gridY() + r * g.cellHeight();
        assertEquals(grid, img.getRGB(left, y) & 0xffffff, "left edge " + r + "," + c);
        assertEquals(grid, img.getRGB(x, top + g.cellHeight() - 1) & 0xffffff, "bottom edge");
      }
    }
    assertEquals(Theme.LIGHT.palette().background().packed(), img.getRGB(1, 1) & 0xffffff);
  }

  @Test
  void highValuesAreDarkAndLabelsAreDrawn() throws Exception {
    HeatmapTable t =
        HeatmapTable.of("title", List.of("row"), List.of("lo", "hi"), new float[][] {{0f, 1f}})
            .withRange(ValueRange.unit());
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(HeatmapPng.png(t, Theme.LIGHT)));
    HeatmapPng.Geometry g = HeatmapPng.geometry(t, HeatmapSvg.CELL_W, HeatmapSvg.CELL_H);
    int lo = img.getRGB(g.gridX() + 2, g.gridY() + 2) & 0xffffff;
    int hi = img.getRGB(g.gridX() + g.cellWidth() + 2, g.gridY() + 2) & 0xffffff;
    assertTrue(Oklab.lightness(rgb(hi)) + 0.5 < Oklab.lightness(rgb(lo)), "high is much darker");
    int ink = 0;
    int bg = Theme.LIGHT.palette().background().packed();
    for (int y = g.gridY(); y < g.gridY() + g.cellHeight(); y++) {
      for (int x = 0; x < g.gridX() - 4; x++) {
        ink += (img.getRGB(x, y) & 0xffffff) != bg ? 1 : 0;
      }
    }
    assertTrue(ink > 10, "the row label was drawn (" + ink + " pixels)");
  }

  @Test
  void labelsNoFontCanDrawDoNotFail() throws Exception {
    List<String> rows = List.of("東京", "😀", "\u0000\u202e", "한국어", "\ud800", "x".repeat(500));
    float[][] v = new float[rows.size()][1];
    HeatmapTable t = HeatmapTable.of("多言語", rows, List.of("列"), v);
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(HeatmapPng.png(t, Theme.DARK)));
    assertNotNull(img);
    assertTrue(img.getWidth() < 600, "long labels are shortened: width " + img.getWidth());
  }

  private static Rgb rgb(int packed) {
    return new Rgb(packed >> 16 & 0xff, packed >> 8 & 0xff, packed & 0xff);
  }
}
