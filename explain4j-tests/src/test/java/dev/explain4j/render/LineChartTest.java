package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The line chart writers: well-formed, escaped SVG and a PNG with the lines where they belong. */
class LineChartTest {
  static final String HOSTILE = "<script>alert(1)</script> & \"q\" 'x' " + HostileText.title();
  static final List<String> NAMES = List.of("saliency", HOSTILE, "ig");

  /** Two panels, three series of 11, 6 and 3 points that never cross. */
  static LineChart chart() {
    List<LineChart.Panel> panels = new ArrayList<>();
    for (String panel : List.of("deletion", "insertion <b>")) {
      List<LineChart.Series> series = new ArrayList<>();
      int[] sizes = {11, 6, 3};
      for (int s = 0; s < 3; s++) {
        int n = sizes[s];
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
          x[i] = i / (double) (n - 1);
          y[i] = 3 * s + (panel.equals("deletion") ? 1 - x[i] : x[i]);
        }
        series.add(new LineChart.Series(NAMES.get(s), x, y));
      }
      panels.add(new LineChart.Panel(panel, "fraction removed", "score", series));
    }
    return new LineChart("Mean curves " + HOSTILE, panels);
  }

  @Test
  void svgIsWellFormedWithOnePolylinePerSeriesAndEveryLabelEscaped() throws Exception {
    LineChart c = chart();
    String svg = LineChartSvg.svg(c, Theme.LIGHT);
    HostileText.assertInert(svg, "line chart SVG");
    assertFalse(svg.contains("<script"), "a name cannot open an element");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals(0, doc.getElementsByTagName("script").getLength());
    NodeList lines = doc.getElementsByTagName("polyline");
    assertEquals(6, lines.getLength());
    ChartLayout l = new ChartLayout(c, s -> 0);
    for (int k = 0; k < lines.getLength(); k++) {
      Element line = (Element) lines.item(k);
      int panel = k / 3;
      LineChart.Series s = c.panels().get(panel).series().get(k % 3);
      assertEquals(TokenText.visible(s.name()), line.getAttribute("data-series"));
      String[] points = line.getAttribute("points").trim().split(" ");
      assertEquals(s.x().length, points.length, "one point per value of " + s.name());
      for (int i = 0; i < points.length; i++) {
        String[] xy = points[i].split(",");
        assertEquals(l.px(panel, s.x()[i]), Double.parseDouble(xy[0]), 0.01);
        assertEquals(l.py(panel, s.y()[i]), Double.parseDouble(xy[1]), 0.01);
      }
    }
    List<String> texts = new ArrayList<>();
    NodeList all = doc.getElementsByTagName("text");
    for (int k = 0; k < all.getLength(); k++) {
      texts.add(all.item(k).getTextContent());
    }
    for (String name : NAMES) {
      assertEquals(1, texts.stream().filter(TokenText.visible(name)::equals).count(), name);
    }
    assertTrue(
        texts.containsAll(List.of("fraction removed", "score", "insertion <b>")), texts.toString());
    assertTrue(texts.containsAll(List.of("0.0", "0.2", "1.0")), "x ticks: " + texts);
  }

  @Test
  void pngDecodesWithEachLineInItsColourWhereTheSvgPutsIt() throws Exception {
    LineChart c = chart();
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(LineChartPng.png(c, Theme.LIGHT)));
    assertNotNull(img, "the PNG decodes");
    int background = Theme.LIGHT.palette().background().packed() & 0xffffff;
    assertEquals(background, img.getRGB(img.getWidth() - 2, 2) & 0xffffff);
    ChartLayout l = new ChartLayout(c, s -> 0);
    for (int panel = 0; panel < 2; panel++) {
      for (LineChart.Series s : c.panels().get(panel).series()) {
        Rgb want = l.colour(s.name());
        double[] x = s.x();
        double[] y = s.y();
        for (int i = 0; i + 1 < x.length; i++) {
          double mx = (l.px(panel, x[i]) + l.px(panel, x[i + 1])) / 2;
          double my = (l.py(panel, y[i]) + l.py(panel, y[i + 1])) / 2;
          assertTrue(
              near(img, mx, my, want),
              s.name() + " segment " + i + " in panel " + panel + " is not drawn in " + want.hex());
        }
      }
    }
    assertNotEquals(
        l.colour(NAMES.get(0)), l.colour(NAMES.get(1)), "each method has its own colour");
    assertNotNull(ImageIO.read(new ByteArrayInputStream(LineChartPng.png(c, Theme.DARK))));
  }

  /** A pixel within 1 px of {@code (x, y)} close to {@code want}. */
  private static boolean near(BufferedImage img, double x, double y, Rgb want) {
    for (int dx = -1; dx <= 1; dx++) {
      for (int dy = -1; dy <= 1; dy++) {
        int rgb = img.getRGB((int) Math.round(x) + dx, (int) Math.round(y) + dy);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (Math.abs(r - want.r()) + Math.abs(g - want.g()) + Math.abs(b - want.b()) < 60) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void ticksOnANarrowRangeReadApart() {
    double[] x = {0, 1};
    LineChart c =
        new LineChart(
            "",
            List.of(
                new LineChart.Panel(
                    "p",
                    "x",
                    "y",
                    List.of(new LineChart.Series("m", x, new double[] {0.0036, 0.0045})))));
    ChartLayout l = new ChartLayout(c, s -> 0);
    List<String> labels = new ArrayList<>();
    for (double v : l.ticks(0, false)) {
      labels.add(l.tickLabel(0, false, v));
    }
    assertTrue(labels.size() >= 3, labels.toString());
    assertEquals(labels.size(), new java.util.HashSet<>(labels).size(), "distinct: " + labels);
    assertTrue(labels.contains("0.0040"), labels.toString());
  }

  @Test
  void badSeriesAreRefused() {
    assertThrows(
        InvalidInputException.class,
        () -> new LineChart.Series("m", new double[] {0, 1}, new double[] {Double.NaN, 1}));
    assertThrows(
        InvalidInputException.class,
        () -> new LineChart.Series("m", new double[] {0, 1}, new double[] {1}));
    assertThrows(InvalidInputException.class, () -> new LineChart("t", List.of()));
  }
}
