package dev.explain4j.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import java.nio.FloatBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Heap score arrays: immutable through read-only views, copied only when asked. */
class ScoreArrayTest {
  @Test
  void valuesIsAReadOnlyViewAndTheConstructorCopiesItsInput() {
    float[] raw = {1, 2, 3, 4, 5, 6};
    ScoreArray a = new ScoreArray(new int[] {2, 3}, raw);
    raw[0] = 99;
    FloatBuffer v = a.values();
    assertTrue(v.isReadOnly());
    assertEquals(0, v.position());
    assertEquals(6, v.remaining());
    assertThrows(ReadOnlyBufferException.class, () -> v.put(0, 7f));
    assertEquals(1f, a.get(0, 0), "the caller's array is not shared");
    v.position(4);
    assertEquals(0, a.values().position(), "each call gets its own cursor");
    assertEquals(6f, a.get(1, 2));
    float[] copy = a.toArray();
    copy[5] = -1;
    assertEquals(6f, a.get(1, 2), "toArray is a copy");
    assertArrayEquals(new float[][] {{1, 2, 3}, {4, 5, 6}}, a.toMatrix());
    assertFalse(a.isView());
  }

  @Test
  void shapeMustMatchAndEqualityIsByValue() {
    assertThrows(InvalidInputException.class, () -> new ScoreArray(new int[] {2, 2}, new float[3]));
    ScoreArray a = ScoreArray.of(new float[][] {{1, Float.NaN}});
    ScoreArray b = new ScoreArray(new int[] {1, 2}, new float[] {1, Float.NaN});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotSame(a.values(), a.values());
  }

  @Test
  void aggregationLeavesItsInputUnchanged() {
    ScoreArray t = new ScoreArray(new int[] {2, 1, 2}, new float[] {3, 4, 0, Float.NaN});
    ScoreArray[] out =
        Aggregation.apply(List.of(Map.of("op", "vnorm"), Map.of("op", "normalize")), null, t);
    assertEquals(1f, out[1].get(0, 0));
    assertTrue(Float.isNaN(out[1].get(1, 0)));
    assertEquals(4f, t.get(0, 0, 1), "the input is untouched");
  }
}
