package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.attention.AttentionCapture;
import dev.explain4j.attention.AttentionViews;
import dev.explain4j.attention.Selection;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Inspectus-style view over attention captured from a real (tiny) model, in every format. */
@Tag("python")
class AttentionViewModelTest {
  @Test
  void captureRendersInEveryFormat(@TempDir Path dir) throws Exception {
    ModelOptions cpu = ModelOptions.builder().optDevice("cpu").build();
    try (BufferAllocator allocator = new RootAllocator();
        Model model = Model.load(Path.of("tests/fixtures/tiny-models/t5"), cpu)) {
      try (AttentionCapture cap =
          AttentionCapture.of(allocator, model, model.force("the <b>house</b>", "das Haus"))) {
        AttentionView view = AttentionView.attention(cap).withSet("cross").withLayers(1);
        Selection sel = view.selection();
        assertArrayEquals(AttentionViews.matrix(cap.get("cross"), sel)[0], view.matrix()[0], 0f);
        float[] key = view.keyHeatmap();
        float max = 0;
        for (float v : key) {
          max = Math.max(max, v);
        }
        assertEquals(1f, max, 1e-6f);
        assertEquals(2, view.dimensionHeatmap().length);
        Path html = dir.resolve("attention.html");
        view.writeHtml(html);
        String page = Files.readString(html);
        assertTrue(
            page.contains("cross-attention"),
            page.substring(
                Math.max(0, page.indexOf("\"sets\"")),
                Math.max(0, page.indexOf("\"sets\"")) + 300));
        assertTrue(page.contains("encoder self-attention"));
        assertTrue(!page.contains("<b>house"), "token text must be escaped");
        Path png = dir.resolve("m.png");
        view.writePng(png, Theme.LIGHT);
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 50);
        Path svg = dir.resolve("m.svg");
        view.writeSvg(svg, Theme.DARK);
        assertTrue(
            Files.readString(svg).startsWith("<?xml") || Files.readString(svg).startsWith("<svg"));
        String ansi = view.ansi(AnsiOptions.plain());
        assertTrue(
            ansi.contains("L1") && ansi.contains("H3") && ansi.contains("cross-attention"), ansi);
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }
}
