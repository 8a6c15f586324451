package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.attention.AttentionMaps;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Screenshots of the attention page, the heatmap table and a line chart (SVG) in headless Chromium,
 * kept under {@code explain4j-tests/target/screenshots/} for a person to look at. The test checks
 * that they were drawn (many colours), not how they look.
 */
@Tag("browser")
class ScreenshotBrowserTest {
  static final Path OUT = Path.of("explain4j-tests", "target", "screenshots");

  @Test
  void attentionPage() throws Exception {
    Files.createDirectories(OUT);
    List<String> src = Fixtures.words(7, "Le", " chat", " <b>", " sur", " le", " tapis", "</s>");
    List<String> tgt = Fixtures.sentence(12);
    AttentionMaps self = Fixtures.causal(4, 6, 12, 11, tgt, "decoder self-attention");
    AttentionMaps cross = Fixtures.full(4, 6, tgt, src, 12, "cross-attention");
    Path page = OUT.resolve("attention.html");
    AttentionPage.of(
            List.of(self, cross), AttentionPageOptions.builder().title("Attention demo").build())
        .write(page);
    shoot(page, "layers=1,2&heads=0,3,4&queries=4,5", OUT.resolve("attention.png"));
    shoot(page, "set=1&theme=dark&scale=sqrt&keys=1", OUT.resolve("attention-dark.png"));
  }

  @Test
  void heatmapTable() throws Exception {
    Files.createDirectories(OUT);
    Path page = OUT.resolve("heatmap.html");
    HeatmapHtml.write(page, HeatmapTableTest.inseqLike(), Theme.AUTO);
    shoot(page, null, OUT.resolve("heatmap.png"));
  }

  @Test
  void lineChart() throws Exception {
    Files.createDirectories(OUT);
    Path svg = OUT.resolve("curves.svg");
    LineChartSvg.write(svg, LineChartTest.chart(), Theme.LIGHT);
    shoot(svg, null, OUT.resolve("curves.png"));
  }

  private static void shoot(Path page, String hash, Path png) throws Exception {
    Files.deleteIfExists(png);
    Chromium.screenshot(page, hash, png, 1280, 900);
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, "Chromium wrote no PNG at " + png);
    assertEquals(1280, img.getWidth());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        colours.add(img.getRGB(x, y));
      }
    }
    assertTrue(
        colours.size() > 50,
        "the screenshot " + png + " looks blank: " + colours.size() + " colours");
  }
}
