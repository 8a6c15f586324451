package dev.explain4j.render;

import dev.explain4j.attention.AttentionMaps;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The interactive attention page, computed offline: an Inspectus-style view of one or more sets of
 * {@link AttentionMaps} (for a seq2seq model: encoder self-attention, decoder self-attention,
 * cross-attention), with no network, no CDN and no external file.
 *
 * <p>The page shows the attention matrix on a canvas (so thousands of tokens work), the query and
 * key token heatmaps, and the layer × head dimension grid. Click a token to select only it (click
 * it again to select all), shift-click to toggle it; the same for layer and head labels. Click a
 * grid cell to select that layer and head (again for all), shift-click to toggle both. Hover for
 * values. Light and dark themes follow the reader's preference and can be toggled.
 *
 * <p>The page's script computes the views exactly as {@link dev.explain4j.attention.AttentionViews}
 * does with its defaults (planes summed, rows normalised to 1; heatmaps summed over the selected
 * tokens and max-normalised; the grid summed over the selected query × key cells and
 * max-normalised), in float32 in the same order, on the maps {@link #embedded()} returns. Those are
 * the input stored as float16, and, when the input is larger than {@link
 * AttentionPageOptions#maxEmbeddedValues()}, reduced as {@link AttentionDetail} describes; the page
 * then says so in a notice.
 *
 * <p>Colours are for reading only: the matrix is coloured from 0 to its 99th percentile (so the
 * one-token first rows of a causal map do not wash out the rest), beyond {@value #POOL_FROM} tokens
 * a side each pixel shows the largest value of a block of cells, and a linear, square-root or
 * logarithmic colour scale can be chosen. Tooltips and the exposed views carry the numbers.
 *
 * <p>A {@link #document()} honours a URL fragment such as {@code
 * #set=1&layers=0,2&heads=1&queries=3,4&keys=all&theme=dark&scale=log} (positions in the embedded
 * maps). {@code click=q3;k5+;l1;h2;c1.2+;m4.1} replays clicks as real events (query 3, shift-click
 * key 5, layer 1, head 2, shift-click grid cell layer 1 × head 2, hover matrix cell 4 × 1), and
 * {@code expose=1} writes the computed views and selection as JSON into a hidden {@code <pre
 * class="e4j-views">}; both are for tests and bug reports. A {@link #fragment()} ignores the URL
 * and has a unique root id, so several can share one page, for example as Jupyter outputs.
 */
public final class AttentionPage {
  /** From this many tokens a side, matrix pixels pool blocks of cells (the canvas's size). */
  public static final int POOL_FROM = 640;

  private final AttentionPageOptions options;
  private final AttentionEmbedding embedding;
  private final String id;

  private AttentionPage(List<AttentionMaps> sets, AttentionPageOptions options) {
    this.options = options;
    this.embedding = new AttentionEmbedding(sets, options);
    this.id =
        options.elementId() != null
            ? options.elementId()
            : "e4j-" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  }

  /** A page for these sets of maps with the default options. */
  public static AttentionPage of(AttentionMaps... sets) {
    return of(List.of(sets), AttentionPageOptions.defaults());
  }

  /**
   * A page for these sets of maps. The maps are read once, here; the page keeps only its encoded
   * copy.
   *
   * @throws dev.explain4j.InvalidInputException when there is no set, a chosen layer or head is out
   *     of range, or the attention does not fit the budget even as one averaged map
   */
  public static AttentionPage of(List<AttentionMaps> sets, AttentionPageOptions options) {
    return new AttentionPage(List.copyOf(sets), options);
  }

  /** The detail level embedded (never {@link AttentionDetail#AUTO}). */
  public AttentionDetail detail() {
    return embedding.detail;
  }

  /** How many attention values the page embeds, over all sets. */
  public long embeddedValues() {
    return embedding.values;
  }

  /** The notices the page shows about what was reduced or chosen. */
  public List<String> notices() {
    return List.copyOf(embedding.notices);
  }

  /** The root element id. */
  public String elementId() {
    return id;
  }

  /**
   * The maps the page's script works on, one per set: the embedded layers × heads (after any
   * reduction) as the script decodes them from float16. Decoded on each call.
   */
  public List<AttentionMaps> embedded() {
    return embedding.sets.stream().map(EmbeddedSet::decode).toList();
  }

  /** A complete, self-contained HTML document that honours the URL fragment. */
  public String document() {
    return Page.document(options.title(), options.theme(), html(true));
  }

  /** A fragment for embedding (for example as Jupyter output); it ignores the URL fragment. */
  public String fragment() {
    return html(false);
  }

  /** Writes {@link #document()} to {@code file} atomically. */
  public void write(Path file) {
    AtomicFiles.writeString(file, document());
  }

  private String html(boolean standalone) {
    StringBuilder sb =
        new StringBuilder(1024 + (int) Math.min(Integer.MAX_VALUE / 2, embedding.values * 3));
    sb.append("<div class=\"e4j e4j-attn")
        .append(standalone ? " e4j-doc" : "")
        .append("\" id=\"")
        .append(id)
        .append("\" data-theme=\"")
        .append(options.theme().name().toLowerCase(Locale.ROOT))
        .append("\" data-state=\"loading\">\n<style>")
        .append(Css.themeVariables())
        .append(Css.resource("base.css"))
        .append(Css.resource("attention.css"))
        .append("</style>\n<div class=\"e4j-title\">")
        .append(Html.escape(options.title()))
        .append(
            "</div>\n<noscript><p class=\"e4j-note\">This attention view needs JavaScript.</p></noscript>\n");
    for (String n : embedding.notices) {
      sb.append("<p class=\"e4j-notice\" role=\"note\">").append(Html.escape(n)).append("</p>\n");
    }
    sb.append("<script type=\"application/json\" class=\"e4j-config\">")
        .append(config(standalone))
        .append("</script>\n");
    Base64.Encoder b64 = Base64.getEncoder();
    for (EmbeddedSet s : embedding.sets) {
      sb.append("<script type=\"application/octet-stream\" class=\"e4j-data\">")
          .append(b64.encodeToString(s.halves()))
          .append("</script>\n");
    }
    sb.append("<script>(function(){\"use strict\";\n")
        .append(Scripts.ATTENTION)
        .append("\ne4jAttention(document.getElementById(")
        .append(Html.jsonString(id))
        .append("));\n})();</script>\n</div>");
    return sb.toString();
  }

  private String config(boolean standalone) {
    JsonOut j = new JsonOut().begin();
    j.field("standalone", standalone)
        .field("matrixPx", POOL_FROM)
        .field("detail", embedding.detail.name().toLowerCase(Locale.ROOT))
        .key("lut")
        .begin()
        .field("light", ColorMap.sequential(Theme.LIGHT).lutHex())
        .field("dark", ColorMap.sequential(Theme.DARK).lutHex())
        .end()
        .beginArray("sets");
    for (EmbeddedSet s : embedding.sets) {
      j.begin()
          .field("label", TokenText.visible(s.label()))
          .field("description", s.description())
          .field("layers", s.layers())
          .field("heads", s.heads())
          .field("queries", s.queries())
          .field("keys", s.keys())
          .field("packed", s.packed())
          .field("layerNames", s.layerNames())
          .field("headNames", s.headNames())
          .field("queryTokens", s.queryTokens().stream().map(TokenText::visible).toList())
          .field("keyTokens", s.keyTokens().stream().map(TokenText::visible).toList())
          .end();
    }
    return j.endArray().end().toString();
  }
}
