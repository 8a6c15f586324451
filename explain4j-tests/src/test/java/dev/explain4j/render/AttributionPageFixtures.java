package dev.explain4j.render;

import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionProvenance;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.ScoreArray;
import dev.explain4j.model.FakeModelInfo;
import dev.explain4j.model.ModelInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Decoder-only attribution results made from plain arrays, for the report tests. */
final class AttributionPageFixtures {
  static final int STEPS = 3;

  private AttributionPageFixtures() {}

  /** Gradient-like {@code [tokens, steps, hidden]}; the last three tokens are generated. */
  static AttributionResult hidden(List<String> tokens, int hidden) {
    return result(tokens, new int[] {hidden}, List.of("token", "step", "hidden"), VNORM);
  }

  /** Occlusion-like {@code [tokens, steps]}: nothing beyond tokens and steps. */
  static AttributionResult coarse(List<String> tokens) {
    return result(tokens, new int[0], List.of("token", "step"), List.of());
  }

  /** Attention-like {@code [tokens, steps, layers, heads]}. */
  static AttributionResult layersHeads(List<String> tokens, int layers, int heads) {
    return result(
        tokens,
        new int[] {layers, heads},
        List.of("token", "step", "layer", "head"),
        List.of(
            Map.of("op", "mean", "dim", -1),
            Map.of("op", "normalize"),
            Map.of("op", "mean", "dim", -1),
            Map.of("op", "normalize")));
  }

  private static final List<Map<String, Object>> VNORM =
      List.of(Map.of("op", "vnorm", "dim", -1, "ord", 2), Map.of("op", "normalize"));

  private static AttributionResult result(
      List<String> tokens, int[] trailing, List<String> dims, List<Map<String, Object>> agg) {
    int t = tokens.size();
    int start = t - STEPS;
    int inner = 1;
    for (int n : trailing) {
      inner *= n;
    }
    float[] v = new float[t * STEPS * inner];
    for (int p = 0; p < t; p++) {
      for (int k = 0; k < STEPS; k++) {
        for (int d = 0; d < inner; d++) {
          v[(p * STEPS + k) * inner + d] =
              p < start + k ? (float) Math.sin(p * 7.0 + k * 3.0 + d * 0.37) : Float.NaN;
        }
      }
    }
    int[] shape = new int[2 + trailing.length];
    shape[0] = t;
    shape[1] = STEPS;
    System.arraycopy(trailing, 0, shape, 2, trailing.length);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < t; i++) {
      ids.add((long) i + 1);
    }
    ModelInfo info = FakeModelInfo.of("fixture", "/nonexistent/fixture");
    return new AttributionResult(
        List.of(),
        List.of(),
        tokens,
        ids,
        start,
        t,
        null,
        new ScoreArray(shape, v),
        Map.of("probability", new float[] {0.9f, 0.2f, 0.55f}),
        dims,
        agg,
        new AttributionProvenance(
            info, "saliency", "probability", AttributionOptions.defaults(), Instant.EPOCH, 0.0));
  }
}
