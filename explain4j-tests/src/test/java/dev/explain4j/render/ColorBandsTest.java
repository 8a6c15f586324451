package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColorBandsTest {

  @Test
  void fiveBandsSplitScaledScoresAtTheirBounds() {
    ColorBands b = ColorBands.FIVE;
    assertEquals(5, b.count());
    assertEquals(
        List.of(0, 0, 1, 2, 3, 4),
        List.of(b.band(0), b.band(0.3), b.band(0.31), b.band(0.7), b.band(0.9), b.band(0.91)));
    assertEquals(37, b.code(0));
    assertEquals(31, b.code(4));
    assertThrows(IndexOutOfBoundsException.class, () -> b.code(5));
    assertArrayEquals(
        new float[] {0, 1, Float.NaN, 0.5f},
        ColorBands.scaled(new float[] {-2, 2, Float.NaN, 0}),
        1e-6f);
    assertArrayEquals(new float[] {0, 0}, ColorBands.scaled(new float[] {3, 3}));
  }

  @Test
  void bandedTextGoesThroughTheSharedEscaping() {
    ColoredText t =
        ColoredText.of(List.of("a\u001b[2J", " b\n", "\u202ec"), new float[] {0, 1, Float.NaN})
            .withTitle("t\u0007");
    String out = ColoredTextWriter.ansi(t, ColorBands.FIVE);
    String a = TokenText.visible("a\u001b[2J");
    String b = TokenText.visible(" b\n");
    String c = TokenText.visible("\u202ec");
    assertEquals(
        TokenText.visible("t\u0007")
            + "\n\u001b[37m"
            + a
            + "\u001b[0m\u001b[31m"
            + b
            + "\u001b[0m\n"
            + c
            + "\n",
        out);
    HostileText.assertInert(out, "banded text");
  }
}
