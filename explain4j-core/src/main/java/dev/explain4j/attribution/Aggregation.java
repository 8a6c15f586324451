package dev.explain4j.attribution;

import dev.explain4j.InvalidInputException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Aggregation of granular attributions in Java, as Inseq does it: reductions over the last
 * dimension ({@code vnorm}: the L2 norm; {@code mean}; {@code sum}; {@code absmax}) and {@code
 * normalize}: source and target together, NaN counted as 0 and kept, each step column divided by
 * {@code max(sum |x|, 1e-12)}.
 */
public final class Aggregation {
  private Aggregation() {}

  /** Applies a pipeline of steps ({@code {"op": "vnorm"}}, …); returns {source, target}. */
  public static ScoreArray[] apply(
      List<Map<String, Object>> steps, ScoreArray src, ScoreArray tgt) {
    ScoreArray[] pair = {src, tgt};
    for (Map<String, Object> step : steps) {
      String op = String.valueOf(step.get("op"));
      switch (op) {
        case "vnorm", "mean", "sum", "absmax" -> {
          for (int i = 0; i < 2; i++) {
            pair[i] = pair[i] == null ? null : reduceLast(pair[i], op);
          }
        }
        case "normalize" -> {
          Object eps = step.get("eps");
          normalize(pair, eps instanceof Number n ? n.doubleValue() : 1e-12);
        }
        default -> throw new InvalidInputException("unknown aggregation step '" + op + "'");
      }
    }
    return pair;
  }

  /** Reduces the last dimension with {@code op}. NaN stays NaN. */
  public static ScoreArray reduceLast(ScoreArray a, String op) {
    int[] shape = a.shape();
    if (shape.length < 2) {
      throw new InvalidInputException("cannot reduce a " + shape.length + "-D array further");
    }
    int inner = shape[shape.length - 1];
    int outer = a.length() / Math.max(1, inner);
    FloatBuffer v = a.values();
    float[] out = new float[inner == 0 ? 0 : outer];
    for (int o = 0; o < out.length; o++) {
      double acc = 0;
      float best = 0;
      for (int i = 0; i < inner; i++) {
        float x = v.get(o * inner + i);
        switch (op) {
          case "vnorm" -> acc += (double) x * x;
          case "absmax" -> best = Math.abs(x) > Math.abs(best) || Float.isNaN(x) ? x : best;
          default -> acc += x;
        }
      }
      out[o] =
          switch (op) {
            case "vnorm" -> (float) Math.sqrt(acc);
            case "mean" -> (float) (acc / inner);
            case "absmax" -> best;
            default -> (float) acc;
          };
    }
    return ScoreArray.wrap(Arrays.copyOf(shape, shape.length - 1), out);
  }

  /** Joint normalisation over the token dimension (dim 0); every other index is a column. */
  static void normalize(ScoreArray[] pair, double eps) {
    int steps = -1;
    for (ScoreArray a : pair) {
      if (a != null) {
        int cols = a.size(0) == 0 ? 0 : a.length() / a.size(0);
        if (a.rank() < 2 || (steps >= 0 && cols != steps)) {
          throw new InvalidInputException(
              "normalize needs [tokens, …] arrays of equal columns, got " + a);
        }
        steps = cols;
      }
    }
    if (steps <= 0) {
      return;
    }
    double[] norm = new double[steps];
    for (ScoreArray a : pair) {
      if (a == null) {
        continue;
      }
      FloatBuffer v = a.values();
      for (int r = 0; r < a.size(0); r++) {
        for (int k = 0; k < steps; k++) {
          float x = v.get(r * steps + k);
          if (!Float.isNaN(x)) {
            norm[k] += Math.abs(x);
          }
        }
      }
    }
    for (int i = 0; i < pair.length; i++) {
      ScoreArray a = pair[i];
      if (a == null) {
        continue;
      }
      FloatBuffer v = a.values();
      float[] out = new float[a.length()];
      for (int j = 0; j < out.length; j++) {
        float x = v.get(j);
        out[j] = Float.isNaN(x) ? x : (float) (x / Math.max(norm[j % steps], eps));
      }
      pair[i] = ScoreArray.wrap(a.shape(), out);
    }
  }
}
