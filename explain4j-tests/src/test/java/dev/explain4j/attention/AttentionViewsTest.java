package dev.explain4j.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AttentionViewsTest {
  private static final List<String> TOKENS = List.of("The", " cat", " sat", " on", " it");

  /** Random causal softmax-like attention [L][H][T][T]. */
  static float[][][][] causal(int layers, int heads, int t, long seed) {
    Random r = new Random(seed);
    float[][][][] a = new float[layers][heads][t][t];
    for (float[][][] layer : a) {
      for (float[][] head : layer) {
        for (int q = 0; q < t; q++) {
          double sum = 0;
          for (int k = 0; k <= q; k++) {
            head[q][k] = (float) Math.exp(r.nextGaussian());
            sum += head[q][k];
          }
          for (int k = 0; k <= q; k++) {
            head[q][k] /= (float) sum;
          }
        }
      }
    }
    return a;
  }

  @Test
  void matrixSumsSelectedHeadsThenRowNormalises() {
    float[][][][] a = causal(3, 4, 5, 1);
    AttentionMaps maps = AttentionMaps.of(a, TOKENS, null);
    Selection sel = Selection.all(maps).withLayers(maps, 0, 2).withHeads(maps, 1, 3);
    float[][] m = AttentionViews.matrix(maps, sel);
    for (int q = 0; q < 5; q++) {
      double[] expected = new double[5];
      double rowSum = 0;
      for (int l : new int[] {0, 2}) {
        for (int h : new int[] {1, 3}) {
          for (int k = 0; k < 5; k++) {
            expected[k] += a[l][h][q][k];
            rowSum += a[l][h][q][k];
          }
        }
      }
      for (int k = 0; k < 5; k++) {
        assertEquals(expected[k] / rowSum, m[q][k], 1e-6);
      }
    }
  }

  @Test
  void meanAndMaxReductions() {
    float[][][][] a = causal(2, 2, 4, 2);
    AttentionMaps maps = AttentionMaps.of(a, TOKENS.subList(0, 4), null);
    Selection sel = Selection.all(maps);
    float[][] mean = AttentionViews.matrix(maps, sel, Reduction.MEAN, Normalization.NONE);
    float[][] max = AttentionViews.matrix(maps, sel, Reduction.MAX, Normalization.NONE);
    for (int q = 0; q < 4; q++) {
      for (int k = 0; k < 4; k++) {
        float s = a[0][0][q][k] + a[0][1][q][k] + a[1][0][q][k] + a[1][1][q][k];
        float mx =
            Math.max(
                Math.max(a[0][0][q][k], a[0][1][q][k]), Math.max(a[1][0][q][k], a[1][1][q][k]));
        assertEquals(s / 4, mean[q][k], 1e-6);
        assertEquals(mx, max[q][k], 0f);
      }
    }
  }

  @Test
  void normalisations() {
    float[][] qk = {{1, 3}, {2, 2}};
    AttentionMaps maps = AttentionMaps.of(qk, List.of("a", "b"), List.of("c", "d"));
    Selection sel = Selection.all(maps);
    assertArrayEquals(
        new float[] {0.25f, 0.75f},
        AttentionViews.matrix(maps, sel, Reduction.SUM, Normalization.ROW)[0],
        1e-6f);
    assertArrayEquals(
        new float[] {1f / 3, 1f},
        AttentionViews.matrix(maps, sel, Reduction.SUM, Normalization.ROW_MAX)[0],
        1e-6f);
    assertArrayEquals(
        new float[] {2f / 3, 2f / 3},
        AttentionViews.matrix(maps, sel, Reduction.SUM, Normalization.MAX)[1],
        1e-6f);
  }

  @Test
  void tokenHeatmapsFollowInspectus() {
    float[][] qk = {{0.5f, 0.5f, 0f}, {0.2f, 0.3f, 0.5f}, {0.1f, 0.1f, 0.8f}};
    AttentionMaps maps = AttentionMaps.of(qk, List.of("q0", "q1", "q2"), List.of("k0", "k1", "k2"));
    Selection sel = Selection.all(maps).withKeys(maps, 2).withQueries(maps, 0, 1);
    float[][] m = AttentionViews.matrix(maps, sel);
    float[] query = AttentionViews.queryHeatmap(m, sel);
    assertArrayEquals(new float[] {0f, 0.5f / 0.8f, 1f}, query, 1e-6f);
    float[] key = AttentionViews.keyHeatmap(m, sel);
    assertArrayEquals(new float[] {0.7f / 0.8f, 1f, 0.5f / 0.8f}, key, 1e-6f);
  }

  @Test
  void dimensionHeatmapTotalsSelectedCellsPerHead() {
    float[][][][] a = causal(2, 3, 5, 3);
    AttentionMaps maps = AttentionMaps.of(a, TOKENS, null);
    Selection sel = Selection.all(maps).withQueries(maps, 3, 4).withKeys(maps, 0, 1);
    float[][] d = AttentionViews.dimensionHeatmap(maps, sel);
    double[][] expected = new double[2][3];
    double max = 0;
    for (int l = 0; l < 2; l++) {
      for (int h = 0; h < 3; h++) {
        for (int q : new int[] {3, 4}) {
          expected[l][h] += a[l][h][q][0] + a[l][h][q][1];
        }
        max = Math.max(max, expected[l][h]);
      }
    }
    for (int l = 0; l < 2; l++) {
      for (int h = 0; h < 3; h++) {
        assertEquals(expected[l][h] / max, d[l][h], 1e-6);
      }
    }
  }

  @Test
  void largeReductionMatchesNaiveSum() {
    int t = 300;
    float[][][][] a = causal(2, 3, t, 4);
    AttentionMaps maps =
        AttentionMaps.of(
            a, java.util.Collections.nCopies(t, "x"), java.util.Collections.nCopies(t, "y"));
    float[] acc = AttentionViews.reduce(maps, new int[] {0, 1}, new int[] {0, 1, 2}, Reduction.SUM);
    for (int q = 0; q < t; q += 37) {
      for (int k = 0; k < t; k += 11) {
        float s = 0;
        for (int l = 0; l < 2; l++) {
          for (int h = 0; h < 3; h++) {
            s += a[l][h][q][k];
          }
        }
        assertEquals(s, acc[q * t + k], 1e-5);
      }
    }
  }

  @Test
  void causalDetection() {
    assertTrue(AttentionMaps.of(causal(1, 1, 4, 5), TOKENS.subList(0, 4), null).isCausal());
    float[][] full = {{0.5f, 0.5f}, {0.5f, 0.5f}};
    assertFalse(AttentionMaps.of(full, List.of("a", "b"), null).isCausal());
  }

  @Test
  void badShapesAndSelectionsAreInputErrors() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> AttentionMaps.of(new float[][] {{1, 2}, {3, 4}}, List.of("a"), null));
    assertTrue(e.getMessage().contains("1 query tokens for 2"), e.getMessage());
    assertThrows(
        InvalidInputException.class,
        () -> AttentionMaps.of(new float[][] {{1, 2}, {3}}, List.of("a", "b"), null));
    AttentionMaps maps = AttentionMaps.of(new float[][] {{1}}, List.of("a"), null);
    InvalidInputException range =
        assertThrows(InvalidInputException.class, () -> Selection.all(maps).withLayers(maps, 3));
    assertTrue(range.getMessage().contains("layer 3"), range.getMessage());
    assertThrows(InvalidInputException.class, () -> Selection.all(maps).withHeads(maps));
    InvalidInputException nan =
        assertThrows(
            InvalidInputException.class,
            () ->
                AttentionMaps.of(new float[][] {{1, Float.NaN}, {0, 1}}, List.of("a", "b"), null));
    assertTrue(nan.getMessage().contains("NaN at [0, 0, 0, 1]"), nan.getMessage());
    assertThrows(
        InvalidInputException.class,
        () ->
            AttentionMaps.of(
                new float[][] {{1, Float.POSITIVE_INFINITY}}, List.of("a"), List.of("b", "c")));
    InvalidInputException empty =
        assertThrows(
            InvalidInputException.class, () -> AttentionMaps.of(new float[0][0], List.of(), null));
    assertTrue(empty.getMessage().contains("positive"), empty.getMessage());
  }
}
