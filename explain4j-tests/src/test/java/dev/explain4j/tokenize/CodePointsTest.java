package dev.explain4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CodePointsTest {
  @Test
  void surrogatePairsTakeTwoIndices() {
    assertArrayEquals(new int[] {0, 1, 3, 4}, CodePoints.utf16Indices("a😀b"));
    assertArrayEquals(new int[] {0, 2, 4}, CodePoints.utf16Indices("😀😀"));
    assertArrayEquals(new int[] {0}, CodePoints.utf16Indices(""));
    assertArrayEquals(new int[] {0, 1, 2, 3}, CodePoints.utf16Indices("日本語"));
  }

  @Test
  void agreesWithOffsetByCodePoints() {
    Random r = new Random(3);
    for (int k = 0; k < 300; k++) {
      StringBuilder sb = new StringBuilder();
      for (int i = r.nextInt(20); i > 0; i--) {
        sb.appendCodePoint(r.nextBoolean() ? 0x1F300 + r.nextInt(400) : 0x20 + r.nextInt(0x3000));
      }
      String s = sb.toString();
      int[] idx = CodePoints.utf16Indices(s);
      assertEquals(s.codePointCount(0, s.length()) + 1, idx.length);
      for (int cp = 0; cp < idx.length; cp++) {
        assertEquals(s.offsetByCodePoints(0, cp), idx[cp], s);
      }
    }
  }

  @Test
  void unpairedSurrogatesAreFound() {
    assertEquals(-1, CodePoints.firstUnpairedSurrogate("ok 😀 👨‍👩‍👧"));
    assertEquals(1, CodePoints.firstUnpairedSurrogate("x\uD83D"));
    assertEquals(0, CodePoints.firstUnpairedSurrogate("\uDE00x"));
    assertEquals(0, CodePoints.firstUnpairedSurrogate("\uDE00\uD83D"), "reversed pair");
    assertEquals(2, CodePoints.firstUnpairedSurrogate("😀\uD83Dx"));
  }
}
