package dev.explain4j.attribution;

import dev.explain4j.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Span merging, slicing and pair helpers for {@link AggregatedAttribution}. */
final class Spans {
  private Spans() {}

  /**
   * Spans of two or more tokens that form one word (a new word starts at Ġ, ▁, a space or ##-less).
   */
  static List<int[]> words(List<String> tokens) {
    List<int[]> spans = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= tokens.size(); i++) {
      if (i == tokens.size() || startsWord(tokens.get(i))) {
        if (i - start > 1) {
          spans.add(new int[] {start, i});
        }
        start = i;
      }
    }
    return spans;
  }

  private static boolean startsWord(String token) {
    if (token.startsWith("##")) {
      return false;
    }
    return token.startsWith("Ġ")
        || token.startsWith("▁")
        || token.startsWith(" ")
        || token.startsWith("Ċ")
        || (token.startsWith("<") && token.endsWith(">"))
        || (token.startsWith("[") && token.endsWith("]"));
  }

  static void validate(List<int[]> spans, int size) {
    int prev = 0;
    for (int[] s : spans) {
      if (s.length != 2 || s[0] < prev || s[1] <= s[0] || s[1] > size) {
        throw new InvalidInputException(
            "spans must be ascending, non-overlapping, non-empty [start, end) pairs within 0.."
                + size
                + ", got "
                + Arrays.toString(s));
      }
      prev = s[1];
    }
  }

  static List<String> mergeLabels(List<String> tokens, List<int[]> spans) {
    validate(spans, tokens.size());
    List<String> out = new ArrayList<>();
    int i = 0;
    for (int[] s : spans) {
      out.addAll(tokens.subList(i, s[0]));
      out.add(String.join("", tokens.subList(s[0], s[1])));
      i = s[1];
    }
    out.addAll(tokens.subList(i, tokens.size()));
    return out;
  }

  static float[][] mergeRows(float[][] m, List<int[]> spans) {
    validate(spans, m.length);
    List<float[]> out = new ArrayList<>();
    int i = 0;
    for (int[] s : spans) {
      for (; i < s[0]; i++) {
        out.add(m[i].clone());
      }
      float[] merged = m[s[0]].clone();
      for (int r = s[0] + 1; r < s[1]; r++) {
        for (int c = 0; c < merged.length; c++) {
          merged[c] = absmax(merged[c], m[r][c]);
        }
      }
      out.add(merged);
      i = s[1];
    }
    for (; i < m.length; i++) {
      out.add(m[i].clone());
    }
    return out.toArray(float[][]::new);
  }

  /** The value of larger magnitude, sign kept; NaN only when both are NaN. */
  static float absmax(float a, float b) {
    if (Float.isNaN(a)) {
      return b;
    }
    if (Float.isNaN(b)) {
      return a;
    }
    return Math.abs(b) > Math.abs(a) ? b : a;
  }

  static float[][] sliceColumns(float[][] m, int from, int to) {
    if (m == null) {
      return null;
    }
    float[][] out = new float[m.length][];
    for (int r = 0; r < m.length; r++) {
      out[r] = Arrays.copyOfRange(m[r], from, to);
    }
    return out;
  }

  static Map<String, float[]> diffScores(Map<String, float[]> a, Map<String, float[]> b) {
    Map<String, float[]> out = new LinkedHashMap<>();
    a.forEach(
        (k, v) -> {
          float[] w = b.get(k);
          if (w != null && w.length == v.length) {
            float[] d = new float[v.length];
            for (int i = 0; i < v.length; i++) {
              d[i] = w[i] - v[i];
            }
            out.put(k, d);
          }
        });
    return out;
  }
}
