package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.explain4j.attention.AttentionMaps;
import dev.explain4j.attention.AttentionViews;
import dev.explain4j.attention.Selection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attention page in real headless Chromium: its numbers, its safety, its size, offline. */
@Tag("browser")
class AttentionPageBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private AttentionPage twoSets() {
    List<String> src = Fixtures.words(7, "Le", " chat", " <b>", " sur", " le", " tapis", "</s>");
    List<String> tgt = Fixtures.sentence(9);
    AttentionMaps self = Fixtures.causal(3, 4, 9, 11, tgt, "decoder self-attention");
    AttentionMaps cross = Fixtures.full(3, 4, tgt, src, 12, "cross-attention");
    return AttentionPage.of(
        List.of(self, cross), AttentionPageOptions.builder().elementId("page").build());
  }

  @Test
  void scriptComputesTheSameViewsAsJava() throws Exception {
    AttentionPage page = twoSets();
    Path file = dir.resolve("page.html");
    page.write(file);
    List<AttentionMaps> embedded = page.embedded();
    String[] hashes = {
      "set=0&expose=1",
      "set=0&layers=0,2&heads=1,3&queries=2,5,7&keys=0,1,4&expose=1",
      "set=1&layers=1&heads=0,2,3&queries=0,8&keys=all&expose=1",
      "set=1&queries=3&keys=2,6&expose=1"
    };
    for (String hash : hashes) {
      JsonNode v = JSON.readTree(Chromium.dumpDom(file, hash).views());
      AttentionMaps maps = embedded.get(v.get("set").asInt());
      Selection sel =
          Selection.all(maps)
              .withLayers(maps, ints(v.get("layers")))
              .withHeads(maps, ints(v.get("heads")))
              .withQueries(maps, ints(v.get("queries")))
              .withKeys(maps, ints(v.get("keys")));
      float[][] m = AttentionViews.matrix(maps, sel);
      float[] flat = new float[maps.queries() * maps.keys()];
      for (int q = 0; q < m.length; q++) {
        System.arraycopy(m[q], 0, flat, q * maps.keys(), maps.keys());
      }
      assertExactly(flat, v.get("matrix"), "matrix " + hash);
      assertExactly(AttentionViews.queryHeatmap(m, sel), v.get("queryHeatmap"), "queries " + hash);
      assertExactly(AttentionViews.keyHeatmap(m, sel), v.get("keyHeatmap"), "keys " + hash);
      float[][] dim = AttentionViews.dimensionHeatmap(maps, sel);
      float[] dimFlat = new float[maps.layers() * maps.heads()];
      for (int l = 0; l < dim.length; l++) {
        System.arraycopy(dim[l], 0, dimFlat, l * maps.heads(), maps.heads());
      }
      assertExactly(dimFlat, v.get("dimension"), "dimension " + hash);
    }
    assertTrue(hashes[1].contains("layers=0,2"), "the selections above are not all-selected");
  }

  @Test
  void clicksFollowInspectusSemantics() throws Exception {
    Path file = dir.resolve("page.html");
    twoSets().write(file);
    // click q3: only 3; shift q5: {3,5}; click q5 (selected, not alone): only 5; click q5: all.
    assertSelection(file, "click=q3", "queries", 3);
    assertSelection(file, "click=q3;q5%2B", "queries", 3, 5);
    assertSelection(file, "click=q3;q5%2B;q5", "queries", 5);
    assertSelection(file, "click=q3;q5%2B;q5;q5", "queries", 0, 1, 2, 3, 4, 5, 6, 7, 8);
    assertSelection(file, "click=k2%2B", "keys", 0, 1, 3, 4, 5, 6, 7, 8);
    assertSelection(file, "click=c1.2", "layers", 1);
    assertSelection(file, "click=c1.2", "heads", 2);
    assertSelection(file, "click=c1.2;c1.2", "heads", 0, 1, 2, 3);
    assertSelection(file, "click=c1.2;c2.3%2B", "layers", 1, 2);
    assertSelection(file, "click=c1.2;c2.3%2B", "heads", 2, 3);
    assertSelection(file, "click=h1;h3%2B", "heads", 1, 3);
    assertSelection(file, "click=l0;l0", "layers", 0, 1, 2);
  }

  @Test
  void hoveringTheMatrixShowsTheCellsTokensAndValue() throws Exception {
    AttentionPage page = twoSets();
    Path file = dir.resolve("page.html");
    page.write(file);
    String dom = Chromium.dumpDom(file, "set=1&layers=1&click=m5.2").stdout();
    Matcher m = Pattern.compile("<div class=\"e4j-tip\"( hidden)?[^>]*>([^<]*)</div>").matcher(dom);
    assertTrue(m.find(), "no tooltip element");
    assertEquals(null, m.group(1), "the tooltip is shown");
    String[] lines = m.group(2).split("\n");
    assertEquals("query 5  ␣over", lines[0]);
    assertEquals("key 2  ␣&lt;b&gt;", lines[1]);
    AttentionMaps cross = page.embedded().get(1);
    Selection sel = Selection.all(cross).withLayers(cross, 1);
    float want = AttentionViews.matrix(cross, sel)[5][2];
    assertEquals(want, Double.parseDouble(lines[2].substring("value ".length())), want * 1e-3);
  }

  private static void assertSelection(Path file, String hash, String field, int... expected)
      throws Exception {
    JsonNode v = JSON.readTree(Chromium.dumpDom(file, hash + "&expose=1").views());
    assertEquals(
        java.util.Arrays.toString(expected),
        java.util.Arrays.toString(ints(v.get(field))),
        field + " after " + hash);
  }

  @Test
  void hostileTokensStayText() throws Exception {
    List<String> tokens =
        List.of(
            "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">",
            "</script><script>document.body.setAttribute('data-pwned','2')</script>",
            "\u2028x\u2029",
            "a&amp;b",
            "\u202Eevil",
            "\n\t");
    AttentionMaps maps = Fixtures.causal(1, 2, tokens.size(), 3, tokens, "<i>label</i>");
    Path file = dir.resolve("xss.html");
    AttentionPage.of(
            List.of(maps), AttentionPageOptions.builder().elementId("x").title("<b>t</b>").build())
        .write(file);
    Chromium.Run run = Chromium.dumpDom(file, null);
    assertEquals("ready", run.rootAttribute("x", "data-state"), run.stdout());
    assertFalse(
        Pattern.compile("<body[^>]*data-pwned").matcher(run.stdout()).find(),
        "a token's markup ran");
    assertFalse(run.stdout().contains("<img"), "a token became an element");
    assertTrue(run.stdout().contains("&lt;img src=x onerror="), "the token is shown as text");
    assertTrue(run.stdout().contains("⟨RLO⟩evil"), "the bidi override is shown, not applied");
  }

  @Test
  void twoThousandTokensRender() throws Exception {
    int t = 2000;
    AttentionMaps maps =
        Fixtures.causal(2, 3, t, 5, Fixtures.sentence(t), "decoder self-attention");
    AttentionPage page =
        AttentionPage.of(List.of(maps), AttentionPageOptions.builder().elementId("big").build());
    Path file = dir.resolve("big.html");
    page.write(file);
    Chromium.Run run = Chromium.dumpDom(file, "queries=1999&expose=1");
    assertEquals(
        "ready", run.rootAttribute("big", "data-state"), run.rootAttribute("big", "data-error"));
    assertNotNull(run.rootAttribute("big", "data-render-ms"));
    JsonNode v = JSON.readTree(run.views());
    assertEquals(t, v.get("keyHeatmap").size());
    System.out.printf(
        "2,000-token page: %s detail, %,d values, %,d bytes; Chromium ran %.1f s, first render %s ms%n",
        page.detail(),
        page.embeddedValues(),
        Files.size(file),
        run.seconds(),
        run.rootAttribute("big", "data-render-ms"));
  }

  @Test
  void worksOfflineAndTwoFragmentsShareAPage() throws Exception {
    AttentionMaps maps = Fixtures.causal(2, 2, 6, 8, Fixtures.sentence(6), "self");
    AttentionPage a = AttentionPage.of(maps);
    AttentionPage b = AttentionPage.of(maps);
    String html =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>"
            + a.fragment()
            + b.fragment()
            + "</body></html>";
    Path file = dir.resolve("two.html");
    Files.writeString(file, html);
    Chromium.Run run = Chromium.dumpDom(file, null);
    assertEquals("ready", run.rootAttribute(a.elementId(), "data-state"));
    assertEquals("ready", run.rootAttribute(b.elementId(), "data-state"));
    AttentionPageTest.assertNoExternalReferences(a.document());
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  private static void assertExactly(float[] java, JsonNode js, String what) {
    assertNotNull(js, what + " missing");
    assertEquals(java.length, js.size(), what + " length");
    for (int i = 0; i < java.length; i++) {
      float fromJs = (float) js.get(i).asDouble();
      assertEquals(java[i], fromJs, 0f, what + " [" + i + "]");
    }
  }
}
