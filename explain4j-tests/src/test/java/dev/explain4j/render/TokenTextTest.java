package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenTextTest {
  @Test
  void whitespaceAndControlsBecomeVisibleMarkers() {
    assertEquals("a↵b⇥c␍", TokenText.visible("a\nb\tc\r"));
    assertEquals("␛[31mred", TokenText.visible("\u001b[31mred"));
    assertEquals("␀␡", TokenText.visible("\u0000\u007f"));
    assertEquals("⟨U+0085⟩", TokenText.visible("\u0085"));
    assertEquals("∅", TokenText.visible(""));
    assertEquals("⟨null⟩", TokenText.visible(null));
  }

  @Test
  void visibleLinesKeepsLineFeedsOnly() {
    assertEquals(
        "Error: ␛]0;x␇\n\n⇥at ⟨RLO⟩a\n",
        TokenText.visibleLines("Error: \u001b]0;x\u0007\n\n\tat \u202ea\n"));
    assertEquals("", TokenText.visibleLines(""));
    assertEquals("⟨null⟩", TokenText.visibleLines(null));
  }

  @Test
  void invisibleAndBidiCharactersAreNamed() {
    assertEquals(
        "a⟨ZWSP⟩b⟨ZWJ⟩c⟨ZWNJ⟩⟨BOM⟩⟨SHY⟩", TokenText.visible("a\u200bb\u200dc\u200c\ufeff\u00ad"));
    assertEquals("⟨RLO⟩evil⟨PDF⟩", TokenText.visible("\u202eevil\u202c"));
    assertEquals(
        "⟨LRI⟩⟨RLI⟩⟨FSI⟩⟨PDI⟩⟨LRM⟩⟨RLM⟩⟨ALM⟩",
        TokenText.visible("\u2066\u2067\u2068\u2069\u200e\u200f\u061c"));
    assertEquals("⟨LS⟩⟨PS⟩", TokenText.visible("\u2028\u2029"));
    assertEquals("⟨U+FFFE⟩", TokenText.visible("\ufffe"));
    assertEquals("x\ufffdy", TokenText.visible("x\ud800y"));
  }

  @Test
  void ordinaryTextIsKeptIncludingAstralCharacters() {
    String s = "Ünïcødé 東京 עברית 😀 e\u0301";
    assertEquals(s, TokenText.visible(s));
    assertEquals("␣the␣cat", TokenText.visible(" the cat", true));
    for (char c : TokenText.visible("\u202e\u2066\u200b\n\u001b x", true).toCharArray()) {
      assertFalse(
          Character.getType(c) == Character.FORMAT || Character.isISOControl(c), "left " + (int) c);
    }
  }

  @Test
  void displayWidthCountsWideAndCombiningCharacters() {
    assertEquals(4, TokenText.displayWidth("東京"));
    assertEquals(2, TokenText.displayWidth("😀"));
    assertEquals(1, TokenText.displayWidth("e\u0301"));
    assertEquals(3, TokenText.displayWidth("abc"));
  }

  @Test
  void truncateRespectsWidthAndNeverSplitsCharacters() {
    assertEquals("abc", TokenText.truncate("abc", 3));
    assertEquals("ab…", TokenText.truncate("abcdef", 3));
    assertEquals("東…", TokenText.truncate("東京都", 4));
    assertEquals("…", TokenText.truncate("😀😀", 2));
    String t = TokenText.truncate("a😀😀", 4);
    assertEquals("a😀…", t);
    assertTrue(TokenText.displayWidth(TokenText.truncate("東京都東京都", 7)) <= 7);
    assertEquals("ab  ", TokenText.padRight("ab", 4));
    assertEquals("  東", TokenText.padLeft("東", 4));
  }
}
