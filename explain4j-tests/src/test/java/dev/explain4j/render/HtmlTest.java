package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void escapesMarkupAndShowsInvisibleCharacters() {
    assertEquals(
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;",
        Html.escape("<script>alert(\"x\")</script> & 'q'"));
    assertEquals("&lt;img src=x onerror=alert(1)&gt;", Html.escape("<img src=x onerror=alert(1)>"));
    assertEquals("a↵b⇥⟨RLO⟩c⟨ZWSP⟩", Html.escape("a\nb\t\u202ec\u200b"));
    assertEquals("␣the", Html.label(" the"));
    assertEquals(" the", Html.escape(" the"));
    assertEquals("plain", Html.markup("plain"));
  }

  @Test
  void jsonStringsCannotCloseAScriptAndRoundTrip() throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (String s :
        List.of(
            "</script><script>alert(1)</script>",
            "<!-- x -->",
            "a\u2028b\u2029c",
            "quote \" backslash \\ tab \t nl \n",
            "東京 😀",
            "&amp;",
            "\u0000\u001f\u007f")) {
      String lit = Html.jsonString(s);
      assertFalse(lit.contains("<") || lit.contains(">") || lit.contains("&"), lit);
      assertFalse(lit.contains("\u2028") || lit.contains("\u2029"), lit);
      assertEquals(s, json.readValue(lit, String.class));
    }
    assertEquals("\"x\\ufffdy\"", Html.jsonString("x\ud800y"));
  }
}
