package dev.explain4j.render;

import dev.explain4j.InvalidInputException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Options of an {@link AttentionPage}. Build with {@link #builder()}; {@link #defaults()} works for
 * most pages.
 *
 * @param title the page title
 * @param theme the starting theme; the reader can switch it in the page
 * @param maxEmbeddedValues the most attention values the page may embed, over all sets (2 bytes
 *     each before base64)
 * @param detail how much to embed ({@link AttentionDetail#AUTO}: the finest level that fits)
 * @param layers layers to embed, or {@code null} for all
 * @param heads heads to embed, or {@code null} for all
 * @param elementId the id of the page's root element, or {@code null} for a random unique one
 */
public record AttentionPageOptions(
    String title,
    Theme theme,
    long maxEmbeddedValues,
    AttentionDetail detail,
    int[] layers,
    int[] heads,
    String elementId) {

  /** 8 Mi values: 16 MiB of float16, about 22 MB of page at most. */
  public static final long DEFAULT_MAX_VALUES = 8L << 20;

  /** Validates and copies. */
  public AttentionPageOptions {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(theme, "theme");
    Objects.requireNonNull(detail, "detail");
    if (maxEmbeddedValues < 1) {
      throw new InvalidInputException(
          "maxEmbeddedValues must be positive, got " + maxEmbeddedValues);
    }
    layers = checkIndices("layers", layers);
    heads = checkIndices("heads", heads);
    if (elementId != null && !elementId.matches("[A-Za-z][A-Za-z0-9_-]{0,63}")) {
      throw new InvalidInputException(
          "elementId must be a letter then up to 63 letters, digits, '-' or '_', got '"
              + elementId
              + "'");
    }
  }

  private static int[] checkIndices(String what, int[] indices) {
    if (indices == null) {
      return null;
    }
    if (indices.length == 0) {
      throw new InvalidInputException(
          "choose at least one of the " + what + ", or pass null for all");
    }
    int[] sorted = indices.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] < 0 || i > 0 && sorted[i] == sorted[i - 1]) {
        throw new InvalidInputException(
            what + " must be distinct non-negative indices, got " + Arrays.toString(indices));
      }
    }
    return sorted;
  }

  /** Title "Attention", {@link Theme#AUTO}, the default budget, automatic detail, everything. */
  public static AttentionPageOptions defaults() {
    return builder().build();
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The chosen layers (ascending copy), or {@code null} for all. */
  @Override
  public int[] layers() {
    return layers == null ? null : layers.clone();
  }

  /** The chosen heads (ascending copy), or {@code null} for all. */
  @Override
  public int[] heads() {
    return heads == null ? null : heads.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AttentionPageOptions x
        && title.equals(x.title)
        && theme == x.theme
        && maxEmbeddedValues == x.maxEmbeddedValues
        && detail == x.detail
        && Arrays.equals(layers, x.layers)
        && Arrays.equals(heads, x.heads)
        && Objects.equals(elementId, x.elementId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        title,
        theme,
        maxEmbeddedValues,
        detail,
        Arrays.hashCode(layers),
        Arrays.hashCode(heads),
        elementId);
  }

  /** Builds {@link AttentionPageOptions}; {@link #build()} validates. */
  public static final class Builder {
    private String title = "Attention";
    private Theme theme = Theme.AUTO;
    private long maxEmbeddedValues = DEFAULT_MAX_VALUES;
    private AttentionDetail detail = AttentionDetail.AUTO;
    private int[] layers;
    private int[] heads;
    private String elementId;

    private Builder() {}

    /** The page title (escaped when written). */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** The starting theme. */
    public Builder theme(Theme theme) {
      this.theme = theme;
      return this;
    }

    /** The embedding budget in values. */
    public Builder maxEmbeddedValues(long values) {
      this.maxEmbeddedValues = values;
      return this;
    }

    /** The detail level; a level that does not fit the budget fails in {@link AttentionPage#of}. */
    public Builder detail(AttentionDetail detail) {
      this.detail = detail;
      return this;
    }

    /** Embed only these layers (positions in the maps). */
    public Builder layers(int... layers) {
      this.layers = layers == null ? null : layers.clone();
      return this;
    }

    /** Embed only these heads (positions in the maps). */
    public Builder heads(int... heads) {
      this.heads = heads == null ? null : heads.clone();
      return this;
    }

    /** A fixed root element id instead of a random one. */
    public Builder elementId(String id) {
      this.elementId = id;
      return this;
    }

    /** Validates and builds. */
    public AttentionPageOptions build() {
      return new AttentionPageOptions(
          title, theme, maxEmbeddedValues, detail, layers, heads, elementId);
    }
  }
}
