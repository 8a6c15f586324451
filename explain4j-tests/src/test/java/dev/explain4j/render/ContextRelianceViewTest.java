package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.attribution.ContextRelianceResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The context-reliance view from plain values: marks, escaping, terminal safety. No Python. */
class ContextRelianceViewTest {
  private static final List<String> OUT =
      List.of("He", " said", ContextRelianceFixtures.MARKUP, " fine");
  private static final List<String> IN =
      List.of("George", ContextRelianceFixtures.SCRIPT, " sick", "\u001b]0;pwned\u0007");
  private static final List<String> CTX = List.of("\u202eevil", " ok");

  private static ContextRelianceView view() {
    ContextRelianceResult r = ContextRelianceFixtures.result("<i>model</i>", OUT, IN, CTX);
    return ContextRelianceView.of(r, OUT, IN, CTX);
  }

  @Test
  void htmlMarksContextSensitiveTokensAndCues() {
    String html = view().html(Theme.LIGHT);
    assertEquals(List.of("o1", "o3"), marked(html, "e4j-cti"));
    // cue #1 (output token 3): input tokens 2 and 0, output context token 0; cue #2: input 1
    assertEquals(List.of("i0", "i2", "c0", "i1"), marked(html, "e4j-cue"));
    assertTrue(html.contains("id=\"cue-0\" data-index=\"3\""), "cues are ranked");
    assertTrue(html.contains("id=\"cue-1\" data-index=\"1\""), "cues are ranked");
  }

  @Test
  void everyTokenIsEscaped() {
    String html = view().html(Theme.AUTO);
    assertFalse(html.contains(ContextRelianceFixtures.MARKUP), "raw markup token");
    assertFalse(html.contains("<img"), "raw img token");
    assertFalse(html.contains("<i>model"), "raw model name");
    assertTrue(html.contains("&lt;b&gt;bold&lt;/b&gt;"), html);
    assertTrue(html.contains("&lt;img src=x onerror=&quot;"), html);
    assertFalse(html.contains("\u001b"), "escape character in the page");
    assertFalse(html.contains("\u202e"), "bidi override in the page");
  }

  @Test
  void terminalTextIsInert() {
    for (AnsiOptions o : List.of(AnsiOptions.plain(), AnsiOptions.fromEnvironment())) {
      String text = view().ansi(o);
      HostileText.assertInert(text, "context view");
      assertTrue(text.contains("context-sensitive: "), text);
      assertTrue(text.contains("#2 "), text);
    }
    String plain = view().ansi(AnsiOptions.plain());
    assertTrue(plain.contains("\ncontext-sensitive:  fine (-0.900),  said (0.600)\n"), plain);
    assertTrue(plain.contains("\ncues:  sick (0.600), George (0.200)\n"), plain);
    assertTrue(plain.contains("\ncues: none\n"), plain);
  }

  /** The ids of the spans carrying class {@code mark}, in document order. */
  static List<String> marked(String html, String mark) {
    Matcher m =
        Pattern.compile("<span id=\"([oic]\\d+)\" class=\"e4j-tok [^\"]*" + mark + "\"")
            .matcher(html);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
