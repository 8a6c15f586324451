package dev.explain4j.explain;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Per-output-token attention: for each generated token, the attention row of the query that
 * predicted it over the prompt and the tokens generated before it, in every block and head.
 *
 * <p>Values are stored row-major as [tokens, layers, heads, keys]; {@code keys} covers the prompt
 * and all generated tokens but the last, and entries after a token's own position are zero.
 *
 * @param method {@code kv-cache-rotary} (rebuilt from queries and keys captured under the KV cache)
 *     or {@code eager-forward} (rows of one uncached pass, for models without rotary embeddings)
 * @param keyTokens the token strings of the key positions
 */
public record TokenAttention(
    String method,
    List<String> keyTokens,
    int tokens,
    int layers,
    int heads,
    int keys,
    float[] values,
    float[] mean) {

  /** Validates the shape and copies the arrays. */
  public TokenAttention {
    Objects.requireNonNull(method, "method");
    keyTokens = List.copyOf(keyTokens);
    if ((long) tokens * layers * heads * keys != values.length || tokens * keys != mean.length) {
      throw new IllegalArgumentException("attention values do not match their shape");
    }
    values = values.clone();
    mean = mean.clone();
  }

  /** One value: token {@code t}'s attention to {@code key} in a layer and head. */
  public float get(int t, int layer, int head, int key) {
    return values[((t * layers + layer) * heads + head) * keys + key];
  }

  /** Token {@code t}'s row in one layer and head (length {@link #keys()}). */
  public float[] row(int t, int layer, int head) {
    int from = ((t * layers + layer) * heads + head) * keys;
    return Arrays.copyOfRange(values, from, from + keys);
  }

  /** Token {@code t}'s row averaged over every layer and head (length {@link #keys()}). */
  public float[] meanRow(int t) {
    return Arrays.copyOfRange(mean, t * keys, (t + 1) * keys);
  }

  /** The attention each prompt or earlier token gets, averaged over output tokens and heads. */
  public float[] meanOverTokens() {
    float[] out = new float[keys];
    for (int t = 0; t < tokens; t++) {
      for (int k = 0; k < keys; k++) {
        out[k] += mean[t * keys + k] / tokens;
      }
    }
    return out;
  }

  @Override
  public float[] values() {
    return values.clone();
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenAttention a
        && method.equals(a.method)
        && keyTokens.equals(a.keyTokens)
        && Arrays.equals(values, a.values)
        && tokens == a.tokens
        && layers == a.layers
        && heads == a.heads;
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, keyTokens, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "TokenAttention["
        + method
        + ", "
        + tokens
        + "x"
        + layers
        + "x"
        + heads
        + "x"
        + keys
        + "]";
  }
}
