package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeatmapAnsiTest {
  static String strip(String s) {
    return s.replaceAll("\u001b\\[[0-9;]*m", "");
  }

  @Test
  void coloredOutputHasTrueColourBackgroundsValuesAndLabels() {
    HeatmapTable t = HeatmapTableTest.inseqLike();
    String out = HeatmapAnsi.render(t, AnsiOptions.colored());
    Rgb top = t.range().color(t.value(1, 0), Theme.LIGHT);
    assertTrue(out.contains("\u001b[48;2;" + top.r() + ";" + top.g() + ";" + top.b() + "m"), out);
    assertTrue(out.contains("\u001b[0m"));
    String plain = strip(out);
    assertTrue(plain.contains("␣world"));
    assertTrue(plain.contains("<script>alert(1)<… "), "long labels are cut: " + plain);
    assertTrue(plain.contains("⟨RLO⟩abc"));
    assertTrue(plain.contains("0.793"));
    assertTrue(plain.contains("probability"));
  }

  @Test
  void plainModeHasNoEscapesAndLabelsCannotInjectThem() {
    HeatmapTable t =
        HeatmapTable.of(
            "\u001b]0;pwned\u0007", List.of("\u001b[2J"), List.of("x"), new float[][] {{1f}});
    String plain = HeatmapAnsi.render(t, AnsiOptions.plain());
    assertFalse(plain.contains("\u001b"), plain);
    assertTrue(plain.contains("␛[2J"));
    String colored = HeatmapAnsi.render(t, AnsiOptions.colored());
    assertFalse(strip(colored).contains("\u001b"), "only our own escapes remain");
  }

  @Test
  void wideTablesAreSplitToFitTheWidth() {
    int cols = 30;
    float[][] v = new float[2][cols];
    List<String> colLabels = Fixtures.words(cols, "東京都", "abcdefghij", "x");
    HeatmapTable t =
        HeatmapTable.of("", List.of("a very long row label indeed", "b"), colLabels, v);
    String out = HeatmapAnsi.render(t, AnsiOptions.colored().withWidth(60));
    for (String line : strip(out).split("\n")) {
      assertTrue(TokenText.displayWidth(line) <= 60, "too wide: [" + line + "]");
    }
    assertTrue(out.contains("columns 0–"), "split into blocks");
    assertEquals(
        2 * cols + 1,
        HeatmapHtmlTest.count(strip(out), "0.000"),
        "every cell once, and the legend");
  }
}
