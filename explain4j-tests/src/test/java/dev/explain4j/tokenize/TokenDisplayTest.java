package dev.explain4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenDisplayTest {
  private static final TokenDisplay BYTE_LEVEL = new TokenDisplay(true, null, false, null);
  private static final TokenDisplay SENTENCEPIECE = new TokenDisplay(false, "\u2581", true, null);
  private static final TokenDisplay WORDPIECE = new TokenDisplay(false, null, false, "##");

  @Test
  void alphabetIsABijectionOverAllBytes() {
    Set<Character> seen = new HashSet<>();
    for (int b = 0; b < 256; b++) {
      char c = ByteLevelAlphabet.charOf(b);
      assertTrue(seen.add(c), "duplicate char for byte " + b);
      assertEquals(b, ByteLevelAlphabet.byteOf(c));
      boolean printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
      assertEquals(printable, c == b, "byte " + b);
    }
    assertEquals('Ġ', ByteLevelAlphabet.charOf(' '));
    assertEquals('Ċ', ByteLevelAlphabet.charOf('\n'));
    assertEquals('ĉ', ByteLevelAlphabet.charOf('\t'));
    assertEquals(-1, ByteLevelAlphabet.byteOf('€'));
  }

  @Test
  void byteLevelMarkersBecomeText() {
    assertEquals(" world", BYTE_LEVEL.display("Ġworld", false));
    assertEquals("\n\n", BYTE_LEVEL.display("ĊĊ", false));
    assertEquals("\t", BYTE_LEVEL.display("ĉ", false));
    assertEquals("café", BYTE_LEVEL.display("cafÃ©", false));
    assertEquals("本", BYTE_LEVEL.display("æľ¬", false));
    assertEquals(" 😀", BYTE_LEVEL.display("ĠðŁĺĢ", false));
  }

  @Test
  void partialCharactersAreShownAsHexBytes() {
    assertEquals("<0xE6>", BYTE_LEVEL.display("æ", false));
    assertEquals("<0x97><0xA5>", BYTE_LEVEL.display("Ĺ¥", false));
    assertEquals(" <0xF0><0x9F>", BYTE_LEVEL.display("ĠðŁ", false));
    assertEquals("a<0xC3>", BYTE_LEVEL.display("aÃ", false));
  }

  @Test
  void invalidUtf8NeverCrashesAndKeepsEveryByte() {
    assertEquals("<0xC0><0x80>", TokenDisplay.utf8OrHex(bytes(0xC0, 0x80)), "overlong NUL");
    assertEquals(
        "<0xED><0xA0><0x80>", TokenDisplay.utf8OrHex(bytes(0xED, 0xA0, 0x80)), "surrogate");
    assertEquals("<0xF5><0x80>", TokenDisplay.utf8OrHex(bytes(0xF5, 0x80)), "beyond U+10FFFF");
    assertEquals("<0xE6>a", TokenDisplay.utf8OrHex(bytes(0xE6, 'a')), "interrupted sequence");
    assertEquals("<0xFF>", TokenDisplay.utf8OrHex(bytes(0xFF)));
    assertEquals("\u0000", TokenDisplay.utf8OrHex(bytes(0)));
    Random r = new Random(7);
    for (int k = 0; k < 2000; k++) {
      byte[] b = new byte[r.nextInt(8)];
      r.nextBytes(b);
      String s = TokenDisplay.utf8OrHex(b);
      assertFalse(s.contains("\uFFFD"), s);
    }
  }

  @Test
  void byteLevelDisplayOfWholeCharactersIsTheText() {
    Random r = new Random(42);
    for (int k = 0; k < 500; k++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 12; i++) {
        int cp;
        do {
          cp = r.nextInt(4) == 0 ? 0x10000 + r.nextInt(0x10FFFF - 0x10000) : r.nextInt(0xFFFF);
        } while (cp >= 0xD800 && cp <= 0xDFFF);
        sb.appendCodePoint(cp);
      }
      String text = sb.toString();
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      String token = ByteLevelAlphabet.encode(utf8);
      assertArrayEquals(utf8, ByteLevelAlphabet.bytesOf(token));
      assertEquals(text, BYTE_LEVEL.display(token, false));
    }
  }

  @Test
  void charactersOutsideTheAlphabetContributeTheirOwnBytes() {
    assertArrayEquals("€".getBytes(StandardCharsets.UTF_8), ByteLevelAlphabet.bytesOf("€"));
    assertEquals("€", BYTE_LEVEL.display("€", false));
  }

  @Test
  void verbatimTokensAreNotDecoded() {
    assertEquals("<|im_start|>", BYTE_LEVEL.display("<|im_start|>", true));
    assertEquals("é", BYTE_LEVEL.display("é", true), "added token written in plain text");
    assertEquals("<0xE9>", BYTE_LEVEL.display("é", false), "same text as a byte-level token");
    assertEquals("[CLS]", WORDPIECE.display("[CLS]", true));
  }

  @Test
  void sentencePieceMarkersAndByteFallback() {
    assertEquals(" Hello", SENTENCEPIECE.display("▁Hello", false));
    assertEquals("  ", SENTENCEPIECE.display("▁▁", false));
    assertEquals("\n", SENTENCEPIECE.display("<0x0A>", false));
    assertEquals("\t", SENTENCEPIECE.display("<0x09>", true), "byte tokens even when added");
    assertEquals("<0xE6>", SENTENCEPIECE.display("<0xE6>", false), "lone non-ASCII byte");
    assertEquals("<0xZZ>", SENTENCEPIECE.display("<0xZZ>", false));
    assertEquals(-1, TokenDisplay.fallbackByte("<0x0A"));
    assertEquals(0xAB, TokenDisplay.fallbackByte("<0xAB>"));
  }

  @Test
  void wordPieceContinuationPrefixIsStripped() {
    assertEquals("ing", WORDPIECE.display("##ing", false));
    assertEquals("##", WORDPIECE.display("##", false));
    assertEquals("play", WORDPIECE.display("play", false));
  }

  @Test
  void joinedTokensAreDisplayedAsOneText() {
    assertEquals(" café", BYTE_LEVEL.displayJoined("ĠcafÃ©"));
    assertEquals(" ŋa b", SENTENCEPIECE.displayJoined("\u2581<0xC5><0x8B>a\u2581b"));
    assertEquals("<0xC5> x", SENTENCEPIECE.displayJoined("<0xC5>\u2581x"));
    assertEquals("playing", WORDPIECE.displayJoined("play##ing"));
  }

  @Test
  void styleIsReadFromEachFixture() throws Exception {
    assertEquals(" x", style("gpt2").display("Ġx", false));
    assertTrue(style("gpt2").isByteLevel());
    assertEquals(" x\n", style("llama").display("▁x\n", false));
    assertEquals("\n", style("llama").display("<0x0A>", false));
    assertFalse(style("llama").isByteLevel());
    assertEquals(" x", style("t5").display("▁x", false));
    assertEquals("x", style("bert").display("##x", false));
    assertEquals("Ġx", style("bert").display("Ġx", false));
  }

  private static TokenDisplay style(String fixture) throws Exception {
    Path json = Path.of("tests/fixtures/tiny-models", fixture, "tokenizer.json");
    return TokenDisplay.fromTokenizerJson(new ObjectMapper().readTree(json.toFile()));
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
