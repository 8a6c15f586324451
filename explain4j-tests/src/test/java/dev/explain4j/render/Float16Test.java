package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Float16Test {
  @Test
  void everyHalfRoundTrips() {
    for (int h = 0; h < 65536; h++) {
      float f = Float16.toFloat((short) h);
      if (Float.isNaN(f)) {
        assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(f))));
      } else {
        assertEquals(h, Float16.fromFloat(f) & 0xffff, "half 0x" + Integer.toHexString(h));
      }
    }
  }

  @Test
  void knownValuesAndRoundingToNearestEven() {
    assertEquals(0x3c00, Float16.fromFloat(1f) & 0xffff);
    assertEquals(0x7bff, Float16.fromFloat(65504f) & 0xffff);
    assertEquals(0x7c00, Float16.fromFloat(65520f) & 0xffff);
    assertEquals(0x0001, Float16.fromFloat(0x1p-24f) & 0xffff);
    assertEquals(0x0000, Float16.fromFloat(0x1p-25f) & 0xffff);
    assertEquals(0x0002, Float16.fromFloat(0x1.8p-24f) & 0xffff);
    assertEquals(0x3c00, Float16.fromFloat(1f + 0x1p-11f) & 0xffff);
    assertEquals(0x3c02, Float16.fromFloat(1f + 3 * 0x1p-11f) & 0xffff);
    assertEquals(0x8000, Float16.fromFloat(-0f) & 0xffff);
  }

  @Test
  void randomFloatsLandOnTheNearestHalf() {
    Random r = new Random(3);
    for (int i = 0; i < 100_000; i++) {
      float f = (float) Math.scalb(r.nextDouble(), -r.nextInt(30));
      float back = Float16.toFloat(Float16.fromFloat(f));
      float ulp = f < 0x1p-14f ? 0x1p-24f : Math.ulp(back) * 8192;
      assertTrue(Math.abs(back - f) <= ulp / 2, f + " -> " + back);
    }
  }
}
