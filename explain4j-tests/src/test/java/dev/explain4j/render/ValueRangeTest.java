package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import org.junit.jupiter.api.Test;

class ValueRangeTest {
  @Test
  void positionsMapOntoTheColourMap() {
    ValueRange seq = ValueRange.sequential(2, 4);
    assertEquals(0, seq.position(1));
    assertEquals(0.5, seq.position(3), 1e-12);
    assertEquals(1, seq.position(9));
    ValueRange div = ValueRange.diverging(-1, 0, 3);
    assertEquals(0.5, div.position(0), 1e-12);
    assertEquals(0.25, div.position(-0.5), 1e-12);
    assertEquals(1, div.position(3), 1e-12);
    assertTrue(Double.isNaN(div.position(Double.NaN)));
    assertNull(div.color(Double.NaN, Theme.LIGHT));
    assertEquals(
        ColorMap.diverging(Theme.DARK).at(0.75), ValueRange.symmetric(2).color(1, Theme.DARK));
  }

  @Test
  void fitIgnoresNonFiniteValues() {
    assertEquals(ValueRange.sequential(0, 1), ValueRange.fit(new float[] {Float.NaN, 0f}));
    assertEquals(
        ValueRange.symmetric(5), ValueRange.fit(new float[] {-5f, 2f, Float.POSITIVE_INFINITY}));
    assertEquals(ValueRange.sequential(0, 3), ValueRange.fit(new float[] {1f}, new float[] {3f}));
  }

  @Test
  void rejectsBadRanges() {
    assertThrows(InvalidInputException.class, () -> ValueRange.sequential(1, 0));
    assertThrows(InvalidInputException.class, () -> ValueRange.sequential(0, Double.NaN));
    assertThrows(InvalidInputException.class, () -> ValueRange.diverging(0, 5, 1));
  }
}
