package dev.explain4j.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import dev.explain4j.model.FakeModelInfo;
import dev.explain4j.model.ModelInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Inseq's scores_precision in Java: rounding, its error bound, and JSON that shrinks. */
class ScorePrecisionTest {
  /** Values over many magnitudes, both signs, zeros and a few beyond float8's range. */
  static float[] spread(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      double mag = Math.pow(10, -6 + 9 * r.nextDouble());
      v[i] = (float) (r.nextBoolean() ? mag : -mag);
    }
    v[0] = 0f;
    v[1] = -0f;
    return v;
  }

  @Test
  void namesAreInseqsAndAnUnknownOneIsOneLine() {
    assertEquals(ScorePrecision.FLOAT8, ScorePrecision.of("float8"));
    assertEquals(ScorePrecision.FLOAT16, ScorePrecision.of("FLOAT16"));
    assertEquals("float32", ScorePrecision.FLOAT32.inseqName());
    String m =
        assertThrows(InvalidInputException.class, () -> ScorePrecision.of("float4")).getMessage();
    assertEquals("unknown scores precision 'float4'; use one of float32, float16, float8", m);
    assertThrows(InvalidInputException.class, () -> ScorePrecision.of(null));
  }

  @Test
  void float8IsTorchsE4m3fnCastOnKnownValues() {
    // Codes and values checked against torch.tensor(x).to(torch.float8_e4m3fn).view(torch.uint8)
    float[] x = {500f, 448f, 464f, 1e-3f, 0x1p-10f, 0.00146484375f, -3.3f, 0.1f, 240f};
    int[] codes = {126, 126, 126, 1, 0, 1, 197, 29, 119};
    for (int i = 0; i < x.length; i++) {
      assertEquals(codes[i], ScorePrecision.float8Code(x[i]), "code of " + x[i]);
    }
    assertEquals(0.1015625f, ScorePrecision.FLOAT8.round(0.1f));
    assertTrue(Float.isNaN(ScorePrecision.FLOAT8.round(Float.NaN)));
    assertEquals(127, ScorePrecision.float8Code(Float.NaN));
  }

  @Test
  void roundingStaysWithinThePrecisionsErrorAndDecimalsReadBackExactly() {
    for (ScorePrecision p : ScorePrecision.values()) {
      for (float x : spread(20_000, 7)) {
        float q = p.round(x);
        assertTrue(Math.abs(q - x) <= p.maxError(x), p + ": " + x + " -> " + q);
        assertEquals(q, p.round(q), p + " is idempotent at " + x);
        float read = Float.parseFloat(p.decimal(x));
        assertEquals(
            Float.floatToIntBits(q), Float.floatToIntBits(p.round(read)), p + " text of " + x);
        assertTrue(Math.abs((double) read - x) <= p.maxError(x), p + " text of " + x);
      }
    }
    assertTrue(ScorePrecision.FLOAT16.maxError(0.1f) < 1e-4);
    assertTrue(ScorePrecision.FLOAT8.maxError(0.1f) <= 0.1f / 16.0);
  }

  @Test
  void jsonRoundTripsWithinThePrecisionAndShrinks() {
    float[] values = spread(4 * 3 * 64, 11);
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.abs(values[i]) > 400 ? values[i] / 10 : values[i];
    }
    values[5] = Float.NaN;
    float[] probs = {0.5f, 0.123456f, 0.98765f};
    AttributionResult r = result(values, probs);
    Map<ScorePrecision, Integer> sizes = new java.util.EnumMap<>(ScorePrecision.class);
    for (ScorePrecision p : ScorePrecision.values()) {
      String json = AttributionJson.toJson(r, p);
      sizes.put(p, json.length());
      AttributionResult back = AttributionJson.fromJson(json, "test");
      float[] got = back.target().toArray();
      for (int i = 0; i < values.length; i++) {
        if (Float.isNaN(values[i])) {
          assertTrue(Float.isNaN(got[i]), p + ": NaN stays NaN");
        } else {
          assertEquals(p.round(values[i]), p.round(got[i]), 0f, p + " at " + i);
          assertTrue(Math.abs(got[i] - values[i]) <= p.maxError(values[i]), p + " at " + i);
        }
      }
      float[] gotProbs = back.stepScores().get("probability");
      for (int i = 0; i < probs.length; i++) {
        assertEquals(p.round(probs[i]), p.round(gotProbs[i]), 0f, p + " probability " + i);
        assertTrue(Math.abs(gotProbs[i] - probs[i]) <= p.maxError(probs[i]), p + " " + i);
      }
    }
    assertEquals(AttributionJson.toJson(r), AttributionJson.toJson(r, ScorePrecision.FLOAT32));
    assertTrue(sizes.get(ScorePrecision.FLOAT16) < sizes.get(ScorePrecision.FLOAT32), "" + sizes);
    assertTrue(sizes.get(ScorePrecision.FLOAT8) < sizes.get(ScorePrecision.FLOAT16), "" + sizes);
  }

  @Test
  void valuesBeyondFloat8AreCountedForTheWarningAndStoredAs448() {
    float[] values = new float[4 * 3 * 2];
    values[0] = 500f;
    values[7] = -1000f;
    values[9] = 448f;
    AttributionResult r = result(values, new float[] {0.1f, 600f, 0.2f});
    assertEquals(3, ScorePrecision.beyondFloat8(r));
    AttributionResult back =
        AttributionJson.fromJson(AttributionJson.toJson(r, ScorePrecision.FLOAT8), "test");
    assertEquals(448f, back.target().toArray()[0]);
    assertEquals(-448f, back.target().toArray()[7]);
  }

  static AttributionResult result(float[] values, float[] probs) {
    int tokens = 4;
    int steps = 3;
    ModelInfo info = FakeModelInfo.of("m", "/nonexistent/m");
    return new AttributionResult(
        List.of(),
        List.of(),
        List.of("a", "b", "c", "d"),
        List.of(1L, 2L, 3L, 4L),
        1,
        1 + steps,
        null,
        new ScoreArray(new int[] {tokens, steps, values.length / (tokens * steps)}, values),
        Map.of("probability", probs),
        List.of("target", "step", "hidden"),
        List.of(Map.of("op", "vnorm"), Map.of("op", "normalize")),
        new AttributionProvenance(
            info, "saliency", null, AttributionOptions.defaults(), Instant.EPOCH, 0.0));
  }
}
