package dev.explain4j.attention;

import dev.explain4j.InvalidInputException;
import java.util.BitSet;

/**
 * Which layers, heads, query tokens and key tokens are selected. Immutable; the {@code with…}
 * methods return a new selection. Nothing selected in a dimension is an error.
 */
public final class Selection {
  private final BitSet layers;
  private final BitSet heads;
  private final BitSet queries;
  private final BitSet keys;

  private Selection(BitSet layers, BitSet heads, BitSet queries, BitSet keys) {
    this.layers = layers;
    this.heads = heads;
    this.queries = queries;
    this.keys = keys;
  }

  /** Everything selected, as Inspectus starts. */
  public static Selection all(AttentionMaps maps) {
    return new Selection(
        range(maps.layers()), range(maps.heads()), range(maps.queries()), range(maps.keys()));
  }

  private static BitSet range(int n) {
    BitSet b = new BitSet(n);
    b.set(0, n);
    return b;
  }

  private static BitSet only(String what, int size, int... indices) {
    if (indices.length == 0) {
      throw new InvalidInputException("select at least one " + what);
    }
    BitSet b = new BitSet(size);
    for (int i : indices) {
      if (i < 0 || i >= size) {
        throw new InvalidInputException(what + " " + i + " is out of range 0.." + (size - 1));
      }
      b.set(i);
    }
    return b;
  }

  /** Only these layers. */
  public Selection withLayers(AttentionMaps maps, int... layers) {
    return new Selection(only("layer", maps.layers(), layers), heads, queries, keys);
  }

  /** Only these heads. */
  public Selection withHeads(AttentionMaps maps, int... heads) {
    return new Selection(layers, only("head", maps.heads(), heads), queries, keys);
  }

  /** Only these query tokens (by position). */
  public Selection withQueries(AttentionMaps maps, int... queries) {
    return new Selection(layers, heads, only("query token", maps.queries(), queries), keys);
  }

  /** Only these key tokens (by position). */
  public Selection withKeys(AttentionMaps maps, int... keys) {
    return new Selection(layers, heads, queries, only("key token", maps.keys(), keys));
  }

  public boolean layer(int i) {
    return layers.get(i);
  }

  public boolean head(int i) {
    return heads.get(i);
  }

  public boolean query(int i) {
    return queries.get(i);
  }

  public boolean key(int i) {
    return keys.get(i);
  }

  /** The selected layers, ascending. */
  public int[] layers() {
    return layers.stream().toArray();
  }

  /** The selected heads, ascending. */
  public int[] heads() {
    return heads.stream().toArray();
  }

  /** The selected query positions, ascending. */
  public int[] queries() {
    return queries.stream().toArray();
  }

  /** The selected key positions, ascending. */
  public int[] keys() {
    return keys.stream().toArray();
  }
}
