package dev.explain4j.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EncodingTest {
  private static Encoding sample(long[] ids, int[] starts) {
    return new Encoding(
        "a😀",
        ids,
        new String[] {"<s>", "a", "ðŁĺĢ"},
        new String[] {"<s>", "a", "😀"},
        starts,
        new int[] {-1, 1, 3},
        new boolean[] {true, false, false},
        new long[] {1, 1, 1});
  }

  @Test
  void arraysAreCopiedInAndOut() {
    long[] ids = {1, 2, 3};
    int[] starts = {-1, 0, 1};
    Encoding e = sample(ids, starts);
    ids[0] = 99;
    starts[1] = 5;
    assertEquals(1, e.id(0));
    assertEquals(0, e.start(1));
    e.ids()[1] = 99;
    e.tokens()[1] = "x";
    e.displayTokens()[1] = "x";
    e.starts()[1] = 7;
    e.ends()[1] = 7;
    e.specialTokens()[0] = false;
    e.attentionMask()[0] = 0;
    assertEquals(sample(new long[] {1, 2, 3}, new int[] {-1, 0, 1}), e);
    assertArrayEquals(new long[] {1, 2, 3}, e.ids());
  }

  @Test
  void spansAndNoSpans() {
    Encoding e = sample(new long[] {1, 2, 3}, new int[] {-1, 0, 1});
    assertFalse(e.hasSpan(0));
    assertEquals(Encoding.NO_SPAN, e.end(0));
    assertEquals("", e.spanText(0));
    assertEquals("😀", e.spanText(2));
    assertTrue(e.isSpecial(0));
    assertEquals(3, e.size());
    assertTrue(e.toString().contains("3 tokens"), e.toString());
  }

  @Test
  void invalidEncodingsAreRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> sample(new long[] {1, 2}, new int[] {-1, 0, 1}));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> sample(new long[] {1, 2, 3}, new int[] {-1, 0, 4}));
    assertTrue(e.getMessage().contains("token 2"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> sample(new long[] {1, 2, 3}, new int[] {0, 0, 1}));
  }

  @Test
  void equalityIsByContent() {
    Encoding a = sample(new long[] {1, 2, 3}, new int[] {-1, 0, 1});
    Encoding b = sample(new long[] {1, 2, 3}, new int[] {-1, 0, 1});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, sample(new long[] {1, 2, 4}, new int[] {-1, 0, 1}));
  }
}
