package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.attention.AttentionMaps;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.Classification;
import dev.explain4j.attribution.ContextRelianceResult;
import dev.explain4j.citation.ContextAttribution;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotebookHtmlTest {
  @Test
  void tablesRenderAsTheirEscapedFragment() {
    HeatmapTable t =
        HeatmapTable.of(
            "escaping",
            List.of("<script>", "a&b"),
            List.of("</td>"),
            new float[][] {{0.25f}, {0.75f}});
    String html = NotebookHtml.of(t).orElseThrow();
    assertEquals(HeatmapHtml.fragment(t, Theme.AUTO), html);
    assertTrue(html.contains("&lt;script&gt;") && html.contains("a&amp;b"), html);
    assertTrue(html.contains("&lt;/td&gt;"));
    assertFalse(html.contains("<script>"), "a token became markup");
  }

  @Test
  void attentionRendersAsTheInteractivePage() {
    AttentionMaps maps =
        AttentionMaps.of(
            new float[][] {{1f, 0f}, {0.4f, 0.6f}}, List.of("<b>", "x"), List.of("<b>", "x"));
    String html = NotebookHtml.of(maps).orElseThrow();
    assertTrue(html.startsWith("<div class=\"e4j e4j-attn\""), html.substring(0, 80));
    assertTrue(html.contains("\"queryTokens\":[\"\\u003cb\\u003e\",\"x\"]"), "tokens as JSON");
    String view = NotebookHtml.of(AttentionView.attention(List.of(maps))).orElseThrow();
    assertTrue(view.startsWith("<div class=\"e4j e4j-attn\""));
  }

  @Test
  void colouredTextRendersAndOtherValuesDoNot() {
    ColoredText text = ColoredText.of(List.of("a", "<i>"), new float[] {0.1f, -0.9f});
    assertEquals(Optional.of(ColoredTextWriter.fragment(text, Theme.AUTO)), NotebookHtml.of(text));
    assertEquals(Optional.empty(), NotebookHtml.of("a string"));
    assertEquals(Optional.empty(), NotebookHtml.of(null));
  }

  @Test
  void everyResultAndViewTypeRenders() {
    assertTrue(
        NotebookHtml.types()
            .containsAll(
                List.of(
                    AttributionResult.class,
                    AttributionView.class,
                    Classification.class,
                    ClassificationView.class,
                    AttentionMaps.class,
                    AttentionView.class,
                    AttentionPage.class,
                    ContextAttribution.class,
                    ContextRelianceResult.class)),
        NotebookHtml.types().toString());
  }
}
