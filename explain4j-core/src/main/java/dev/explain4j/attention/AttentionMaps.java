package dev.explain4j.attention;

import dev.explain4j.InvalidInputException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Attention weights shaped {@code [layers, heads, queries, keys]}, with the query and key tokens.
 *
 * <p>The weights are read through read-only {@link FloatBuffer}s in row-major order, one per layer,
 * so that a capture larger than one Java buffer (2 GiB) still fits. Built from Java arrays, the
 * buffers are a private copy. Built over buffers (for example zero-copy {@code Tensor} views), the
 * buffers' owner keeps ownership and must keep them alive while this object is used. Instances are
 * immutable.
 */
public final class AttentionMaps {
  private final FloatBuffer[] data;
  private final int layers;
  private final int heads;
  private final int queries;
  private final int keys;
  private final List<String> queryTokens;
  private final List<String> keyTokens;
  private final String label;

  private AttentionMaps(
      FloatBuffer[] data,
      int layers,
      int heads,
      int queries,
      int keys,
      List<String> queryTokens,
      List<String> keyTokens,
      String label) {
    this.data = new FloatBuffer[data.length];
    for (int l = 0; l < data.length; l++) {
      this.data[l] = data[l].asReadOnlyBuffer();
    }
    this.layers = layers;
    this.heads = heads;
    this.queries = queries;
    this.keys = keys;
    this.queryTokens = Collections.unmodifiableList(new ArrayList<>(queryTokens));
    this.keyTokens = Collections.unmodifiableList(new ArrayList<>(keyTokens));
    this.label = label;
  }

  /**
   * Wraps a row-major buffer of {@code layers * heads * queries * keys} floats, without copying.
   *
   * @param keyTokens the key tokens, or {@code null} when keys are the query tokens
   * @param label what these maps are, for example {@code "decoder self-attention"}
   */
  public static AttentionMaps over(
      FloatBuffer data,
      int[] shape,
      List<String> queryTokens,
      List<String> keyTokens,
      String label) {
    if (shape.length < 2 || shape.length > 4) {
      throw new InvalidInputException(
          "attention must have 2 to 4 dimensions ([q,k], [heads,q,k] or [layers,heads,q,k]), got "
              + shape.length);
    }
    int[] full = new int[] {1, 1, 0, 0};
    System.arraycopy(shape, 0, full, 4 - shape.length, shape.length);
    long expected = (long) full[0] * full[1] * full[2] * full[3];
    for (int d : full) {
      if (d <= 0) {
        throw new InvalidInputException("attention dimensions must be positive, got " + d);
      }
    }
    if (data.remaining() != expected) {
      throw new InvalidInputException(
          "attention buffer holds " + data.remaining() + " values, the shape needs " + expected);
    }
    FloatBuffer all = data.slice();
    int perLayer = full[1] * full[2] * full[3];
    FloatBuffer[] layerData = new FloatBuffer[full[0]];
    for (int l = 0; l < full[0]; l++) {
      layerData[l] = all.slice(l * perLayer, perLayer);
    }
    return overLayers(List.of(layerData), full[1], full[2], full[3], queryTokens, keyTokens, label);
  }

  /**
   * Wraps one row-major buffer of {@code heads * queries * keys} floats per layer, without copying.
   * Use this when all layers together exceed one Java buffer.
   */
  public static AttentionMaps overLayers(
      List<FloatBuffer> perLayer,
      int heads,
      int queries,
      int keys,
      List<String> queryTokens,
      List<String> keyTokens,
      String label) {
    int[] full = {perLayer.size(), heads, queries, keys};
    for (int d : full) {
      if (d <= 0) {
        throw new InvalidInputException("attention dimensions must be positive, got " + d);
      }
    }
    long planeSize = (long) heads * queries * keys;
    FloatBuffer[] layerData = new FloatBuffer[perLayer.size()];
    for (int l = 0; l < layerData.length; l++) {
      FloatBuffer b = perLayer.get(l).slice();
      if (b.remaining() != planeSize) {
        throw new InvalidInputException(
            "layer "
                + l
                + " holds "
                + b.remaining()
                + " values, [heads, queries, keys] needs "
                + planeSize);
      }
      checkFinite(b, full, l);
      layerData[l] = b;
    }
    List<String> keysOrQueries = keyTokens == null ? queryTokens : keyTokens;
    checkTokens("query", queryTokens, queries);
    checkTokens("key", keysOrQueries, keys);
    return new AttentionMaps(
        layerData, full[0], heads, queries, keys, queryTokens, keysOrQueries, label);
  }

  /** A single {@code [queries][keys]} matrix (one layer, one head). Copies the values. */
  public static AttentionMaps of(float[][] qk, List<String> queryTokens, List<String> keyTokens) {
    return of(new float[][][][] {{qk}}, queryTokens, keyTokens);
  }

  /** {@code [heads][queries][keys]} (one layer). Copies the values. */
  public static AttentionMaps of(
      float[][][] hqk, List<String> queryTokens, List<String> keyTokens) {
    return of(new float[][][][] {hqk}, queryTokens, keyTokens);
  }

  /** {@code [layers][heads][queries][keys]}. Copies the values. */
  public static AttentionMaps of(
      float[][][][] lhqk, List<String> queryTokens, List<String> keyTokens) {
    int l = lhqk.length;
    int h = l == 0 ? 0 : lhqk[0].length;
    int q = h == 0 ? 0 : lhqk[0][0].length;
    int k = q == 0 ? 0 : lhqk[0][0][0].length;
    FloatBuffer buf = FloatBuffer.allocate(Math.multiplyExact(Math.multiplyExact(l * h, q), k));
    for (float[][][] layer : lhqk) {
      check(layer.length == h, "every layer must have " + h + " heads");
      for (float[][] head : layer) {
        check(head.length == q, "every head must have " + q + " query rows");
        for (float[] row : head) {
          check(row.length == k, "every query row must have " + k + " keys");
          buf.put(row);
        }
      }
    }
    buf.flip();
    return over(buf, new int[] {l, h, q, k}, queryTokens, keyTokens, "attention");
  }

  /** One pass over the values: NaN or infinity is refused with its position. */
  private static void checkFinite(FloatBuffer data, int[] shape, int layer) {
    int base = data.position();
    int n = data.remaining();
    float[] chunk = new float[Math.min(n, 1 << 14)];
    for (int start = 0; start < n; start += chunk.length) {
      int len = Math.min(chunk.length, n - start);
      data.get(base + start, chunk, 0, len);
      for (int i = 0; i < len; i++) {
        if (!Float.isFinite(chunk[i])) {
          int flat = start + i;
          int k = flat % shape[3];
          int q = flat / shape[3] % shape[2];
          int h = flat / (shape[3] * shape[2]) % shape[1];
          int l = layer;
          throw new InvalidInputException(
              "attention of shape [layers, heads, queries, keys] = "
                  + java.util.Arrays.toString(shape)
                  + " has "
                  + chunk[i]
                  + " at ["
                  + l
                  + ", "
                  + h
                  + ", "
                  + q
                  + ", "
                  + k
                  + "]");
        }
      }
    }
  }

  private static void checkTokens(String which, List<String> tokens, int expected) {
    if (tokens == null) {
      throw new InvalidInputException(which + " tokens are required");
    }
    if (tokens.size() != expected) {
      throw new InvalidInputException(
          "got "
              + tokens.size()
              + " "
              + which
              + " tokens for "
              + expected
              + " "
              + which
              + " positions of the attention shape [layers, heads, queries, keys]");
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new InvalidInputException("ragged attention array: " + message);
    }
  }

  public int layers() {
    return layers;
  }

  public int heads() {
    return heads;
  }

  public int queries() {
    return queries;
  }

  public int keys() {
    return keys;
  }

  public List<String> queryTokens() {
    return queryTokens;
  }

  public List<String> keyTokens() {
    return keyTokens;
  }

  /** What these maps are, for example {@code "encoder self-attention"}. */
  public String label() {
    return label;
  }

  /** One weight. */
  public float get(int layer, int head, int query, int key) {
    checkPlane(layer, head);
    return data[layer].get((head * queries + query) * keys + key);
  }

  /** A read-only view of the {@code (layer, head)} plane, row-major {@code [queries, keys]}. */
  public FloatBuffer plane(int layer, int head) {
    checkPlane(layer, head);
    int size = queries * keys;
    return data[layer].slice(head * size, size);
  }

  private void checkPlane(int layer, int head) {
    if (layer < 0 || layer >= layers || head < 0 || head >= heads) {
      throw new IndexOutOfBoundsException("layer " + layer + ", head " + head);
    }
  }

  /** True when every weight above the diagonal is zero (a causal, decoder-style pattern). */
  public boolean isCausal() {
    if (queries != keys) {
      return false;
    }
    for (int l = 0; l < layers; l++) {
      for (int h = 0; h < heads; h++) {
        FloatBuffer plane = plane(l, h);
        for (int q = 0; q < queries; q++) {
          for (int k = q + 1; k < keys; k++) {
            if (plane.get(q * keys + k) != 0f) {
              return false;
            }
          }
        }
      }
    }
    return true;
  }
}
