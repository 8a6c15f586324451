package dev.explain4j.attention;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * The Inspectus views of {@link AttentionMaps}, computed in Java.
 *
 * <ul>
 *   <li>{@link #matrix}: the selected layer × head planes combined ({@link Reduction#SUM} by
 *       default), then normalised ({@link Normalization#ROW} by default, so each query row sums to
 *       1).
 *   <li>{@link #queryHeatmap}: for each query token, the matrix summed over the selected key
 *       tokens, divided by the largest such sum.
 *   <li>{@link #keyHeatmap}: for each key token, the matrix summed over the selected query tokens,
 *       divided by the largest such sum.
 *   <li>{@link #dimensionHeatmap}: one cell per layer × head, the raw attention summed over the
 *       selected query × key cells, divided by the largest cell.
 * </ul>
 */
public final class AttentionViews {
  private static final int CHUNK = 16384;

  private AttentionViews() {}

  /** The combined matrix {@code [queries][keys]} with Inspectus' defaults (sum, row-normalised). */
  public static float[][] matrix(AttentionMaps maps, Selection sel) {
    return matrix(maps, sel, Reduction.SUM, Normalization.ROW);
  }

  /** The combined matrix {@code [queries][keys]}. */
  public static float[][] matrix(
      AttentionMaps maps, Selection sel, Reduction reduction, Normalization normalization) {
    float[] acc = reduce(maps, sel.layers(), sel.heads(), reduction);
    int q = maps.queries();
    int k = maps.keys();
    float[][] out = new float[q][];
    for (int i = 0; i < q; i++) {
      float[] row = new float[k];
      System.arraycopy(acc, i * k, row, 0, k);
      out[i] = row;
    }
    normalize(out, normalization);
    return out;
  }

  /**
   * Combines the {@code (layer, head)} planes into one flat {@code queries * keys} array. This is
   * the hot loop: values are read in bulk chunks and added in plain arrays the JIT vectorises;
   * position blocks are spread over the common fork-join pool.
   */
  public static float[] reduce(AttentionMaps maps, int[] layers, int[] heads, Reduction reduction) {
    int plane = maps.queries() * maps.keys();
    float[] acc = new float[plane];
    if (reduction == Reduction.MAX) {
      java.util.Arrays.fill(acc, Float.NEGATIVE_INFINITY);
    }
    FloatBuffer[] planes = new FloatBuffer[layers.length * heads.length];
    int b = 0;
    for (int l : layers) {
      for (int h : heads) {
        planes[b++] = maps.plane(l, h);
      }
    }
    // Position blocks outermost: the accumulator block stays in cache while every plane streams
    // past. Blocks are independent, so large planes use every core.
    int blockSize = Math.min(CHUNK, plane);
    int blocks = (plane + blockSize - 1) / blockSize;
    IntStream range = IntStream.range(0, blocks);
    (blocks >= 4 ? range.parallel() : range)
        .forEach(
            block -> {
              float[] buf = new float[blockSize];
              int start = block * blockSize;
              int n = Math.min(blockSize, plane - start);
              for (FloatBuffer source : planes) {
                source.get(start, buf, 0, n);
                if (reduction == Reduction.MAX) {
                  for (int i = 0; i < n; i++) {
                    acc[start + i] = Math.max(acc[start + i], buf[i]);
                  }
                } else {
                  for (int i = 0; i < n; i++) {
                    acc[start + i] += buf[i];
                  }
                }
              }
            });
    if (reduction == Reduction.MEAN) {
      float inv = 1f / ((long) layers.length * heads.length);
      for (int i = 0; i < plane; i++) {
        acc[i] *= inv;
      }
    }
    return acc;
  }

  static void normalize(float[][] m, Normalization normalization) {
    switch (normalization) {
      case ROW -> {
        for (float[] row : m) {
          scale(row, sum(row));
        }
      }
      case ROW_MAX -> {
        for (float[] row : m) {
          scale(row, max(row));
        }
      }
      case MAX -> {
        float max = 0;
        for (float[] row : m) {
          max = Math.max(max, max(row));
        }
        for (float[] row : m) {
          scale(row, max);
        }
      }
      case NONE -> {}
    }
  }

  /** For each query token, the sum over the selected keys, max-normalised. */
  public static float[] queryHeatmap(float[][] matrix, Selection sel) {
    float[] out = new float[matrix.length];
    int[] keys = sel.keys();
    for (int i = 0; i < matrix.length; i++) {
      float s = 0;
      for (int j : keys) {
        s += matrix[i][j];
      }
      out[i] = s;
    }
    scale(out, max(out));
    return out;
  }

  /** For each key token, the sum over the selected queries, max-normalised. */
  public static float[] keyHeatmap(float[][] matrix, Selection sel) {
    int k = matrix.length == 0 ? 0 : matrix[0].length;
    float[] out = new float[k];
    for (int i : sel.queries()) {
      float[] row = matrix[i];
      for (int j = 0; j < k; j++) {
        out[j] += row[j];
      }
    }
    scale(out, max(out));
    return out;
  }

  /**
   * {@code [layers][heads]}: the raw attention of each head summed over the selected query × key
   * cells, divided by the largest cell. Every cell is computed, selected or not.
   */
  public static float[][] dimensionHeatmap(AttentionMaps maps, Selection sel) {
    float[][] out = new float[maps.layers()][maps.heads()];
    int[] queries = sel.queries();
    boolean allKeys = sel.keys().length == maps.keys();
    int[] keys = sel.keys();
    float[] row = new float[maps.keys()];
    float max = 0;
    for (int l = 0; l < maps.layers(); l++) {
      for (int h = 0; h < maps.heads(); h++) {
        FloatBuffer plane = maps.plane(l, h);
        double total = 0;
        for (int q : queries) {
          plane.get(q * maps.keys(), row, 0, row.length);
          if (allKeys) {
            total += sum(row);
          } else {
            for (int k : keys) {
              total += row[k];
            }
          }
        }
        out[l][h] = (float) total;
        max = Math.max(max, out[l][h]);
      }
    }
    for (float[] r : out) {
      scale(r, max);
    }
    return out;
  }

  static float sum(float[] a) {
    float s = 0;
    for (float v : a) {
      s += v;
    }
    return s;
  }

  static float max(float[] a) {
    float m = 0;
    for (float v : a) {
      m = Math.max(m, v);
    }
    return m;
  }

  static void scale(float[] a, float divisor) {
    if (divisor > 0) {
      float inv = 1f / divisor;
      for (int i = 0; i < a.length; i++) {
        a[i] *= inv;
      }
    }
  }
}
