package dev.explain4j.render;

import dev.explain4j.attention.AttentionMaps;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * One attention set as a page embeds it: planes of float16 values (only the lower triangle with the
 * diagonal when every plane is causal), with names for the embedded layers and heads.
 */
record EmbeddedSet(
    String label,
    List<String> queryTokens,
    List<String> keyTokens,
    int layers,
    int heads,
    int queries,
    int keys,
    boolean packed,
    List<String> layerNames,
    List<String> headNames,
    String description,
    byte[] halves) {

  /** Values stored per plane. */
  static long perPlane(int queries, int keys, boolean packed) {
    return packed ? (long) queries * (queries + 1) / 2 : (long) queries * keys;
  }

  /** The maps exactly as the page's script decodes them (upper triangle zero when packed). */
  AttentionMaps decode() {
    int plane = queries * keys;
    FloatBuffer out = FloatBuffer.allocate(Math.multiplyExact(layers * heads, plane));
    int src = 0;
    for (int p = 0; p < layers * heads; p++) {
      for (int q = 0; q < queries; q++) {
        int n = packed ? q + 1 : keys;
        for (int k = 0; k < n; k++) {
          out.put(p * plane + q * keys + k, Float16.toFloat(half(src++)));
        }
      }
    }
    return AttentionMaps.over(
        out, new int[] {layers, heads, queries, keys}, queryTokens, keyTokens, label);
  }

  private short half(int i) {
    return (short) (halves[2 * i] & 0xff | (halves[2 * i + 1] & 0xff) << 8);
  }
}
