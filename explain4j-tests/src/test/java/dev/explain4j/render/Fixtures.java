package dev.explain4j.render;

import dev.explain4j.attention.AttentionMaps;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random attention maps for render tests: softmax rows with a peaked distribution. */
final class Fixtures {
  private Fixtures() {}

  /** Causal self-attention {@code [layers, heads, t, t]}. */
  static AttentionMaps causal(
      int layers, int heads, int t, long seed, List<String> tokens, String label) {
    return maps(layers, heads, t, t, true, seed, tokens, tokens, label);
  }

  /** Full (non-causal) attention, for example cross-attention {@code [layers, heads, q, k]}. */
  static AttentionMaps full(
      int layers, int heads, List<String> queries, List<String> keys, long seed, String label) {
    return maps(layers, heads, queries.size(), keys.size(), false, seed, queries, keys, label);
  }

  private static AttentionMaps maps(
      int layers,
      int heads,
      int q,
      int k,
      boolean causal,
      long seed,
      List<String> qt,
      List<String> kt,
      String label) {
    Random r = new Random(seed);
    FloatBuffer buf = FloatBuffer.allocate(layers * heads * q * k);
    float[] row = new float[k];
    for (int p = 0; p < layers * heads; p++) {
      for (int i = 0; i < q; i++) {
        int n = causal ? i + 1 : k;
        double sum = 0;
        for (int j = 0; j < n; j++) {
          row[j] = (float) Math.exp(2.5 * r.nextGaussian());
          sum += row[j];
        }
        for (int j = 0; j < k; j++) {
          buf.put(j < n ? (float) (row[j] / sum) : 0f);
        }
      }
    }
    buf.flip();
    return AttentionMaps.over(buf, new int[] {layers, heads, q, k}, qt, kt, label);
  }

  /** {@code n} tokens cycling through some words. */
  static List<String> words(int n, String... words) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(words[i % words.length]);
    }
    return out;
  }

  static List<String> sentence(int n) {
    return words(
        n, "The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", ".");
  }
}
