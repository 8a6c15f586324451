package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strings that try to take over a terminal, and the check that rendered output carries none of
 * them: only the renderers' own SGR colour sequences and line feeds may remain.
 */
public final class HostileText {
  /** Each one in titles, tokens and labels. */
  public static final List<String> STRINGS =
      List.of(
          "\u001b[2J",
          "\u001b]0;pwned\u0007",
          "\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\",
          "\u009b2J",
          "\u009d0;c1 title\u009c",
          "ring\u0007",
          "ab\bc",
          "over\rwrite",
          "nul\u0000",
          "del\u007f",
          "\u202eevil\u202c",
          "\u2066iso\u2069",
          "lone\ud800",
          "\udc00tail",
          "\u001b[8mhidden\u001b[5;41m",
          "tab\tnl\n",
          "vt\u000bff\u000c");

  /** The SGR sequences renderers write: reset, bold, dim, italic, colours. */
  private static final Pattern OWN_SGR =
      Pattern.compile(
          "\u001b\\[(?:0|1|2|3|21|22|23|39|49|3[0-7]|9[0-7]"
              + "|[34]8;2;\\d{1,3};\\d{1,3};\\d{1,3})m");

  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f]");

  private static final Pattern BIDI =
      Pattern.compile("[\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]");

  private HostileText() {}

  /** A title made of every hostile string. */
  public static String title() {
    return "title " + String.join("|", STRINGS);
  }

  /** Asserts {@code out} holds no control, bidi or lone-surrogate character but its own SGR. */
  public static void assertInert(String out, String where) {
    String stripped = OWN_SGR.matcher(out).replaceAll("");
    Matcher m = CONTROL.matcher(stripped);
    if (m.find()) {
      int at = m.start();
      String around =
          stripped.substring(Math.max(0, at - 20), Math.min(stripped.length(), at + 20));
      throw new AssertionError(
          where
              + ": control U+"
              + String.format("%04X", (int) stripped.charAt(at))
              + " reaches the terminal near ["
              + TokenText.visible(around)
              + "]");
    }
    assertFalse(BIDI.matcher(stripped).find(), where + ": a bidi control reaches the terminal");
    for (int i = 0; i < out.length(); i++) {
      char c = out.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < out.length()
          && Character.isLowSurrogate(out.charAt(i + 1))) {
        i++;
      } else {
        assertFalse(Character.isSurrogate(c), where + ": a lone surrogate at " + i);
      }
    }
  }

  /** {@link #assertInert}, and the escape characters are shown as markers, not dropped. */
  public static void assertInertAndShown(String out, String where) {
    assertInert(out, where);
    assertTrue(out.contains("␛"), where + ": the hostile text is shown, not dropped");
  }
}
