package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.ScorePrecision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive attribution report in real headless Chromium: drill-downs, safety, offline. */
@Tag("browser")
class AttributionPageBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static void assertHalf(double java, JsonNode js, String what) {
    if (Double.isNaN(java)) {
      assertTrue(js.isNull(), what + ": NaN is empty, got " + js);
      return;
    }
    assertEquals(java, js.asDouble(), ScorePrecision.FLOAT16.maxError((float) java) + 1e-12, what);
  }

  private JsonNode views(Path file, String hash) throws Exception {
    Chromium.Run run = Chromium.dumpDom(file, hash + "&expose=1");
    assertFalse(run.stdout().contains("data-state=\"error\""), run.stdout());
    return JSON.readTree(run.views());
  }

  @Test
  void cellsDrillIntoEveryShownDimensionAndTokensIntoTheirAttributions() throws Exception {
    AttributionResult r =
        AttributionPageFixtures.hidden(List.of("a", " b", " c", " d", " e", " f"), 30);
    Path file = dir.resolve("report.html");
    AttributionView.of(r).writeGranularHtml(file, Theme.LIGHT, AttributionPageOptions.defaults());

    JsonNode cell = views(file, "click=c2.1").get("cell");
    assertEquals(2, cell.get("row").asInt());
    assertEquals(1, cell.get("step").asInt());
    assertEquals(20, cell.get("values").size(), "maxShowSize 20 of 30 hidden indices");
    for (int d = 0; d < 20; d++) {
      assertHalf(r.target().get(2, 1, d), cell.get("values").get(d), "cell (2, 1) hidden " + d);
    }

    JsonNode dim = views(file, "dim=7").get("dim");
    assertEquals(7, dim.get("index").asInt());
    for (int p = 0; p < 6; p++) {
      for (int k = 0; k < 3; k++) {
        assertHalf(r.target().get(p, k, 7), dim.get("matrix").get(p).get(k), "hidden 7 at " + p);
      }
    }

    JsonNode token = views(file, "click=t1").get("token");
    float[][] agg = r.aggregate().rows();
    List<String> expected = new ArrayList<>();
    List<Float> values = new ArrayList<>();
    for (int p = 0; p < agg.length; p++) {
      if (!Float.isNaN(agg[p][1])) {
        expected.add(TokenText.visible(r.targetTokens().get(p), true));
        values.add(agg[p][1]);
      }
    }
    assertEquals(1, token.get("step").asInt());
    assertEquals(expected.size(), token.get("tokens").size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), token.get("tokens").get(i).asText());
      assertHalf(values.get(i), token.get("values").get(i), "token view " + i);
    }
  }

  @Test
  void attentionDimensionsAreNamedAndSlicedByMaxShowSize() throws Exception {
    AttributionResult r = AttributionPageFixtures.layersHeads(Fixtures.sentence(5), 3, 4);
    Path file = dir.resolve("attn.html");
    AttributionView.of(r)
        .writeGranularHtml(file, Theme.DARK, AttributionPageOptions.defaults().withMaxShowSize(2));
    JsonNode cell = views(file, "click=c4.0").get("cell");
    assertEquals(4, cell.get("values").size(), "2 layers x 2 heads");
    int i = 0;
    for (int l = 0; l < 2; l++) {
      for (int h = 0; h < 2; h++) {
        assertHalf(r.target().get(4, 0, l, h), cell.get("values").get(i++), "layer " + l);
      }
    }
    String dom = Chromium.dumpDom(file, "dim=3").stdout();
    assertTrue(dom.contains("layer 1, head 1"), "the index is named");
    assertTrue(dom.contains("layer: 2 of 3 shown; head: 2 of 4 shown"), dom);
  }

  @Test
  void occlusionLikeScoresStillGetThePerTokenView() throws Exception {
    AttributionResult r = AttributionPageFixtures.coarse(Fixtures.sentence(5));
    Path file = dir.resolve("coarse.html");
    AttributionView.of(r).writeGranularHtml(file, Theme.LIGHT, AttributionPageOptions.defaults());
    JsonNode v = views(file, "click=c0.0;t2");
    assertFalse(v.has("cell"), "no granular scores to show");
    assertEquals(2, v.get("token").get("step").asInt());
    assertEquals(4, v.get("token").get("tokens").size(), "the prefix of step 2");
  }

  @Test
  void hostileTokensStayTextEverywhere() throws Exception {
    List<String> tokens =
        List.of(
            "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">",
            "</script><script>document.body.setAttribute('data-pwned','2')</script>",
            "\u2028x\u2029",
            "a&amp;b",
            "\u202Eevil",
            "\n\t");
    AttributionResult r = AttributionPageFixtures.hidden(tokens, 4);
    Path file = dir.resolve("xss.html");
    AttributionView.of(r)
        .writeGranularHtml(
            file,
            Theme.AUTO,
            AttributionPageOptions.defaults().withStepScoreHighlight("probability"));
    Chromium.Run run = Chromium.dumpDom(file, "click=c1.0;t2");
    String dom = run.stdout();
    assertTrue(dom.contains("data-state=\"ready\""), dom);
    assertFalse(Pattern.compile("<body[^>]*data-pwned").matcher(dom).find(), "a token ran");
    assertFalse(dom.contains("<img"), "a token became an element");
    assertTrue(dom.contains("&lt;img␣src=x␣onerror="), "the token is shown as text");
    assertTrue(
        Pattern.compile("<span class=\"e4j-tok\"[^>]*>&lt;img␣src=x").matcher(dom).find(),
        "the script's per-token view shows it as text too");
    assertTrue(
        Pattern.compile("<div class=\"e4j-sub\">&lt;/script&gt;&lt;script&gt;").matcher(dom).find(),
        "the script's cell view shows the row token as text");
    assertTrue(dom.contains("⟨RLO⟩evil"), "the bidi override is shown, not applied");
    assertFalse(dom.contains("\u202E"), "no raw bidi control anywhere");
    AttributionResult plain = AttributionPageFixtures.hidden(Fixtures.sentence(6), 4);
    AttentionPageTest.assertNoExternalReferences(
        AttributionView.of(plain).granularHtml(Theme.AUTO, AttributionPageOptions.defaults()));
  }
}
