package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** At 1,024 tokens with small cells, labels are thinned so that none overlap. */
class LabelThinningTest {
  private static HeatmapTable table(int n) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      labels.add("t" + i);
    }
    float[][] v = new float[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    return HeatmapTable.of("big", labels, labels, v);
  }

  @Test
  void rowAndColumnLabelsNeverCloserThanALine() {
    HeatmapTable t = table(1024);
    TableLayout l = HeatmapPng.layout(t, 4, 4);
    assertEquals(4, l.rowLabelStride());
    assertEquals(4, l.columnLabelStride());
    int svgStride = HeatmapPng.layout(t, HeatmapSvg.CELL_W, HeatmapSvg.CELL_H).rowLabelStride();
    String svg = HeatmapSvg.svg(t, Theme.LIGHT);
    Matcher m =
        Pattern.compile("<text x=\"[0-9.]+\" y=\"([0-9.]+)\"[^>]*>t(\\d+)</text>").matcher(svg);
    double prev = -100;
    int rows = 0;
    while (m.find()) {
      double y = Double.parseDouble(m.group(1));
      assertTrue(y - prev >= TableLayout.LABEL_PX, "row labels overlap at " + m.group(2));
      assertEquals(0, Integer.parseInt(m.group(2)) % svgStride);
      prev = y;
      rows++;
    }
    assertTrue(rows > 0, "row labels present");
    assertEquals((1024 + svgStride - 1) / svgStride, rows);
    var img = HeatmapPng.image(t, Theme.LIGHT, 4, 4);
    assertTrue(img.getHeight() > 1024 * 4, "the 1,024-token PNG renders");
  }

  @Test
  void smallTablesKeepEveryLabel() {
    TableLayout l = HeatmapPng.layout(table(8), HeatmapSvg.CELL_W, HeatmapSvg.CELL_H);
    assertEquals(1, l.rowLabelStride());
    assertEquals(1, l.columnLabelStride());
  }
}
