package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColoredTextTest {
  private static final List<String> TOKENS = List.of("The", " <b>cat</b>", "\n", " sat", " ok");
  private static final float[] SCORES = {0.1f, -0.9f, Float.NaN, 0.4f, 0f};

  @Test
  void htmlIsOneEscapedSpanPerToken() {
    ColoredText t = ColoredText.of(TOKENS, SCORES).withTitle("step 3 <i>");
    String html = ColoredTextWriter.document(t, Theme.AUTO);
    assertEquals(TOKENS.size(), HeatmapHtmlTest.count(html, "<span class=\"e4j-tok"));
    assertFalse(html.contains("<b>cat"));
    assertTrue(html.contains("␣&lt;b&gt;cat&lt;/b&gt;: -0.900"), "tooltip with label and score");
    assertTrue(html.contains("> &lt;b&gt;cat&lt;/b&gt;</span>"), "text keeps its space");
    assertTrue(html.contains("↵</span><br>"), "newline shown and kept");
    assertTrue(html.contains("step 3 &lt;i&gt;"));
    assertTrue(t.range().isDiverging());
    AttentionPageTest.assertNoExternalReferences(html);
  }

  @Test
  void ansiColoursEachScoredToken() {
    ColoredText t = ColoredText.of(TOKENS, SCORES);
    String out = ColoredTextWriter.ansi(t, AnsiOptions.colored());
    Rgb neg = t.range().color(-0.9f, Theme.LIGHT);
    assertTrue(out.contains(Ansi.colors(neg) + " <b>cat</b>" + Ansi.RESET), out);
    assertTrue(out.contains("\u001b[48;2;" + neg.r() + ";" + neg.g() + ";" + neg.b() + "m"));
    String plain = ColoredTextWriter.ansi(t, AnsiOptions.plain());
    assertFalse(plain.contains("\u001b"));
    assertTrue(plain.startsWith("The[0.100] <b>cat</b>[-0.900]↵\n sat[0.400]"), plain);
  }

  @Test
  void validatesAndCopies() {
    float[] s = {1f};
    ColoredText t = ColoredText.of(List.of("a"), s);
    s[0] = 5;
    assertEquals(1f, t.score(0));
    t.scores()[0] = 7;
    assertEquals(1f, t.score(0));
    assertThrows(InvalidInputException.class, () -> ColoredText.of(List.of("a", "b"), s));
  }
}
