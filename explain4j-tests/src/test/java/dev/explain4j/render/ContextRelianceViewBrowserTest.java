package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.attribution.ContextRelianceResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The context-reliance page in real headless Chromium, offline: hostile tokens stay text (no
 * element, no script), and the marked tokens are the context-sensitive ones and their cues.
 */
@Tag("browser")
class ContextRelianceViewBrowserTest {
  @TempDir Path dir;

  @Test
  void hostileTokensStayTextAndMarksAreWhereTheResultPutsThem() throws Exception {
    List<String> out = List.of("He", " said", ContextRelianceFixtures.SCRIPT, " fine");
    List<String> in =
        List.of("George", ContextRelianceFixtures.MARKUP, " sick", "</p><script>x</script>");
    List<String> ctx = List.of("<i>he</i>", " ok");
    ContextRelianceResult r =
        ContextRelianceFixtures.result(ContextRelianceFixtures.SCRIPT, out, in, ctx);
    Path file = dir.resolve("context.html");
    ContextRelianceView.of(r, out, in, ctx).writeHtml(file, Theme.AUTO);
    String dom = Chromium.dumpDom(file, "").stdout();
    assertFalse(dom.contains("<img"), "a token became an img element");
    assertFalse(dom.contains("<b>"), "a token became a b element");
    assertFalse(dom.contains("<i>"), "a token became an i element");
    assertFalse(dom.contains("<script>x"), "a token became a script element");
    assertTrue(dom.contains("<title>explain4j context reliance</title>"), "a token's script ran");
    assertEquals(
        List.of("He", " said", "&lt;img src=x onerror=\"document.title='pwned'\"&gt;", " fine"),
        texts(dom, "o"));
    assertEquals(List.of(" said", " fine"), markedTexts(dom, "e4j-cti"));
    assertEquals(
        List.of("George", " sick", "&lt;i&gt;he&lt;/i&gt;", "&lt;b&gt;bold&lt;/b&gt;"),
        markedTexts(dom, "e4j-cue"));
  }

  /** The text of each span with an id {@code prefix}N, in order. */
  private static List<String> texts(String dom, String prefix) {
    Matcher m =
        Pattern.compile(
                "<span id=\"" + prefix + "\\d+\" class=\"[^\"]*\" title=\"[^\"]*\">([^<]*)</span>")
            .matcher(dom);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static List<String> markedTexts(String dom, String mark) {
    Matcher m =
        Pattern.compile(
                "<span id=\"[oic]\\d+\" class=\"e4j-tok [^\"]*"
                    + mark
                    + "\" title=\"[^\"]*\">([^<]*)</span>")
            .matcher(dom);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
