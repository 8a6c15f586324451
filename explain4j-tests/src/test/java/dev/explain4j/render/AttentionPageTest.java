package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attention.AttentionMaps;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AttentionPageTest {
  private static final List<String> T6 = Fixtures.sentence(6);

  static void assertNoExternalReferences(String html) {
    String lower = html.toLowerCase(java.util.Locale.ROOT);
    for (String bad : List.of("http:", "https:", "src=", "href=", "url(", "@import", "//cdn")) {
      assertFalse(lower.contains(bad), "the page refers to something outside it: " + bad);
    }
  }

  @Test
  void smallInputIsEmbeddedInFullAndPackedWhenCausal() {
    AttentionMaps m = Fixtures.causal(3, 4, 6, 1, T6, "self");
    AttentionPage p = AttentionPage.of(m);
    assertEquals(AttentionDetail.FULL, p.detail());
    assertEquals(3 * 4 * (6 * 7 / 2), p.embeddedValues());
    assertTrue(p.notices().isEmpty());
    AttentionMaps e = p.embedded().get(0);
    assertEquals(3, e.layers());
    assertEquals(4, e.heads());
    for (int l = 0; l < 3; l++) {
      for (int h = 0; h < 4; h++) {
        for (int q = 0; q < 6; q++) {
          for (int k = 0; k < 6; k++) {
            float want = m.get(l, h, q, k);
            assertEquals(want, e.get(l, h, q, k), Math.max(1e-7, Math.abs(want) * 1e-3));
          }
        }
      }
    }
  }

  @Test
  void crossAttentionIsNotPacked() {
    AttentionMaps m = Fixtures.full(2, 2, T6, Fixtures.sentence(4), 2, "cross");
    assertEquals(2 * 2 * 6 * 4, AttentionPage.of(m).embeddedValues());
  }

  @Test
  void overBudgetFallsBackToLayerMeansThenOneMeanAndSaysSo() {
    AttentionMaps m = Fixtures.causal(3, 4, 6, 1, T6, "self");
    long plane = 21;
    AttentionPage layerMeans = page(m, AttentionPageOptions.builder().maxEmbeddedValues(3 * plane));
    assertEquals(AttentionDetail.LAYER_MEANS, layerMeans.detail());
    assertEquals(1, layerMeans.notices().size());
    assertTrue(layerMeans.notices().get(0).contains("mean of the heads within each layer"));
    assertTrue(layerMeans.document().contains("mean of the heads within each layer"));
    AttentionMaps e = layerMeans.embedded().get(0);
    assertEquals(3, e.layers());
    assertEquals(1, e.heads());
    double mean = 0;
    for (int h = 0; h < 4; h++) {
      mean += m.get(2, h, 5, 3) / 4.0;
    }
    assertEquals(mean, e.get(2, 0, 5, 3), mean * 1e-3);

    AttentionPage one = page(m, AttentionPageOptions.builder().maxEmbeddedValues(plane));
    assertEquals(AttentionDetail.MEAN, one.detail());
    assertEquals(1, one.embedded().get(0).layers());
    assertTrue(one.notices().get(0).contains("one map, the mean of all layers and heads"));

    InvalidInputException tooBig =
        assertThrows(
            InvalidInputException.class,
            () -> page(m, AttentionPageOptions.builder().maxEmbeddedValues(plane - 1)));
    assertTrue(tooBig.getMessage().contains("'self' 6 × 6 tokens"), tooBig.getMessage());
  }

  @Test
  void explicitDetailOverBudgetFails() {
    AttentionMaps m = Fixtures.causal(3, 4, 6, 1, T6, "self");
    var o = AttentionPageOptions.builder().maxEmbeddedValues(100).detail(AttentionDetail.FULL);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> page(m, o));
    assertTrue(e.getMessage().contains("FULL needs 252 values"), e.getMessage());
  }

  @Test
  void chosenLayersAndHeadsAreEmbeddedAndNamed() {
    AttentionMaps m = Fixtures.causal(3, 4, 6, 1, T6, "self");
    AttentionPage p = page(m, AttentionPageOptions.builder().layers(2, 0).heads(3));
    AttentionMaps e = p.embedded().get(0);
    assertEquals(2, e.layers());
    assertEquals(1, e.heads());
    assertEquals(m.get(2, 3, 4, 1), e.get(1, 0, 4, 1), 1e-3);
    assertTrue(p.notices().get(0).contains("layers 0, 2 of 3"), p.notices().get(0));
    assertTrue(p.document().contains("\"layerNames\":[\"L0\",\"L2\"]"));
    assertThrows(
        InvalidInputException.class, () -> page(m, AttentionPageOptions.builder().layers(3)));
    assertThrows(
        InvalidInputException.class, () -> AttentionPageOptions.builder().heads(1, 1).build());
    assertThrows(
        InvalidInputException.class, () -> AttentionPageOptions.builder().elementId("1x").build());
  }

  @Test
  void tokensAreEscapedInTheDataAndTheMarkup() {
    List<String> hostile =
        List.of("</script><script>alert(1)</script>", "\u2028", "<!--", "&", "'\"", "ok");
    AttentionMaps m = Fixtures.causal(1, 1, 6, 1, hostile, "</script>label");
    String html =
        AttentionPage.of(List.of(m), AttentionPageOptions.builder().title("<b>").build())
            .document();
    assertEquals(3, count(html, "</script>"), "only the page's own three scripts close");
    assertFalse(html.contains("<script>alert"));
    assertFalse(html.contains("\u2028"));
    assertFalse(html.contains("<!--"));
    assertTrue(html.contains("<title>&lt;b&gt;</title>"));
    assertNoExternalReferences(html);
    assertTrue(html.contains("Content-Security-Policy"));
  }

  @Test
  void fragmentsHaveUniqueIdsAndNoHead() {
    AttentionMaps m = Fixtures.causal(1, 1, 3, 1, Fixtures.sentence(3), "self");
    AttentionPage a = AttentionPage.of(m);
    AttentionPage b = AttentionPage.of(m);
    assertNotEquals(a.elementId(), b.elementId());
    String f = a.fragment();
    assertTrue(f.startsWith("<div class=\"e4j e4j-attn\" id=\"" + a.elementId() + "\""));
    assertFalse(f.contains("<head"));
    assertTrue(f.contains("\"standalone\":false"));
    assertTrue(a.document().contains("\"standalone\":true"));
    assertThrows(
        InvalidInputException.class,
        () -> AttentionPage.of(List.of(), AttentionPageOptions.defaults()));
  }

  private static AttentionPage page(AttentionMaps m, AttentionPageOptions.Builder b) {
    return AttentionPage.of(List.of(m), b.build());
  }

  private static int count(String s, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
