package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HeatmapHtmlTest {
  @Test
  void labelsAreEscapedAndCellsColoured() {
    HeatmapTable t = HeatmapTableTest.inseqLike();
    String html = HeatmapHtml.document(t, Theme.AUTO);
    assertFalse(html.contains("<script>alert"), "a label became markup");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(html.contains("⟨RLO⟩abc"));
    assertTrue(
        html.contains("<caption>Integrated gradients: &quot;Hello world&quot; → French</caption>"));
    assertEquals(t.rows() + 2, count(html, "<th scope=\"row\""));
    assertEquals(t.columns(), count(html, "<th scope=\"col\""));
    assertEquals(6, count(html, "<td class=\"e4j-empty\">"), "NaN cells are empty");
    assertTrue(html.contains("<tbody class=\"e4j-scores\"><tr><th scope=\"row\">probability</th>"));
    AttentionPageTest.assertNoExternalReferences(html);
    assertTrue(html.contains("Content-Security-Policy"));
  }

  @Test
  void everyColourClassUsedIsDefinedForBothThemes() {
    HeatmapTable t = HeatmapTableTest.inseqLike();
    String html = HeatmapHtml.fragment(t, Theme.AUTO);
    Matcher m = Pattern.compile("class=\"(s-[qd]\\d+)\"").matcher(html);
    int cells = 0;
    while (m.find()) {
      cells++;
      assertTrue(html.contains(".e4j ." + m.group(1) + "{"), "light rule for " + m.group(1));
      assertTrue(
          html.contains(".e4j[data-theme=dark] ." + m.group(1) + "{"),
          "dark rule for " + m.group(1));
    }
    assertEquals(t.rows() * t.columns() - 6 + 2 * t.columns(), cells);
    String lightOnly = HeatmapHtml.fragment(t, Theme.LIGHT);
    assertFalse(lightOnly.contains("[data-theme=dark] .s-"));
    Rgb high = ColorMap.diverging(Theme.LIGHT).at(1);
    assertTrue(lightOnly.contains("{background:" + high.hex() + ";"), "the top colour is used");
  }

  @Test
  void fragmentsOfSmallTablesAreSmall() {
    HeatmapTable t = HeatmapTable.of("", List.of("a"), List.of("b"), new float[][] {{0.5f}});
    String f = HeatmapHtml.fragment(t, Theme.LIGHT);
    assertTrue(f.startsWith("<div class=\"e4j e4j-table\" data-theme=\"light\">"));
    assertTrue(f.length() < 8000, "fragment is " + f.length() + " chars");
  }

  static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
