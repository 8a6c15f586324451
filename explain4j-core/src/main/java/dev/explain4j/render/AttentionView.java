package dev.explain4j.render;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attention.AttentionCapture;
import dev.explain4j.attention.AttentionMaps;
import dev.explain4j.attention.AttentionViews;
import dev.explain4j.attention.Normalization;
import dev.explain4j.attention.Reduction;
import dev.explain4j.attention.Selection;
import dev.explain4j.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Inspectus' {@code attention(attn, tokens[, key_tokens])} for Java: the attention matrix, the
 * query-token and key-token heatmaps and the layer × head dimension heatmap of one attention set,
 * with a selection, a reduction and a normalisation, and every rendering (interactive HTML, PNG,
 * SVG, terminal).
 *
 * <p>Immutable: {@code with…} returns a new view. A view over a {@link Tensor} or an {@link
 * AttentionCapture} reads its memory, so it is valid while that owner is open.
 */
public final class AttentionView {
  private final List<AttentionMaps> sets;
  private final AttentionMaps maps;
  private final Selection selection;
  private final Reduction reduction;
  private final Normalization normalization;

  private AttentionView(
      List<AttentionMaps> sets,
      AttentionMaps maps,
      Selection selection,
      Reduction reduction,
      Normalization normalization) {
    this.sets = List.copyOf(sets);
    this.maps = maps;
    this.selection = selection;
    this.reduction = reduction;
    this.normalization = normalization;
  }

  /** A view of several sets (for example encoder, decoder and cross-attention); shows the first. */
  public static AttentionView attention(List<AttentionMaps> sets) {
    if (sets.isEmpty()) {
      throw new InvalidInputException("no attention sets given");
    }
    AttentionMaps first = sets.get(0);
    return new AttentionView(sets, first, Selection.all(first), Reduction.SUM, Normalization.ROW);
  }

  /** Every set of a capture. */
  public static AttentionView attention(AttentionCapture capture) {
    return attention(capture.maps());
  }

  /** A {@code [q,k]} matrix; keys are the query tokens when {@code keyTokens} is null. */
  public static AttentionView attention(float[][] qk, List<String> tokens, List<String> keyTokens) {
    return attention(List.of(AttentionMaps.of(qk, tokens, keyTokens)));
  }

  /** {@code [heads,q,k]}. */
  public static AttentionView attention(
      float[][][] hqk, List<String> tokens, List<String> keyTokens) {
    return attention(List.of(AttentionMaps.of(hqk, tokens, keyTokens)));
  }

  /** {@code [layers,heads,q,k]}. */
  public static AttentionView attention(
      float[][][][] lhqk, List<String> tokens, List<String> keyTokens) {
    return attention(List.of(AttentionMaps.of(lhqk, tokens, keyTokens)));
  }

  /** A float32 tensor of 2 to 4 dimensions, read in place. */
  public static AttentionView attention(Tensor t, List<String> tokens, List<String> keyTokens) {
    int[] shape = new int[t.rank()];
    for (int d = 0; d < shape.length; d++) {
      shape[d] = Math.toIntExact(t.size(d));
    }
    return attention(
        List.of(AttentionMaps.over(t.asFloatBuffer(), shape, tokens, keyTokens, "attention")));
  }

  /** The set with this label or kind word (for example "cross"). */
  public AttentionView withSet(String labelOrKind) {
    for (AttentionMaps m : sets) {
      if (m.label().equals(labelOrKind) || m.label().startsWith(labelOrKind)) {
        return new AttentionView(sets, m, Selection.all(m), reduction, normalization);
      }
    }
    List<String> labels = new ArrayList<>();
    sets.forEach(m -> labels.add(m.label()));
    throw new InvalidInputException(
        "no attention set " + labelOrKind + "; the sets are " + String.join(", ", labels));
  }

  public AttentionView withLayers(int... layers) {
    return with(selection.withLayers(maps, layers));
  }

  public AttentionView withHeads(int... heads) {
    return with(selection.withHeads(maps, heads));
  }

  public AttentionView withQueries(int... queries) {
    return with(selection.withQueries(maps, queries));
  }

  public AttentionView withKeys(int... keys) {
    return with(selection.withKeys(maps, keys));
  }

  public AttentionView withReduction(Reduction r) {
    return new AttentionView(sets, maps, selection, r, normalization);
  }

  public AttentionView withNormalization(Normalization n) {
    return new AttentionView(sets, maps, selection, reduction, n);
  }

  private AttentionView with(Selection s) {
    return new AttentionView(sets, maps, s, reduction, normalization);
  }

  /** The set shown. */
  public AttentionMaps maps() {
    return maps;
  }

  public Selection selection() {
    return selection;
  }

  /** The combined {@code [queries][keys]} matrix. */
  public float[][] matrix() {
    return AttentionViews.matrix(maps, selection, reduction, normalization);
  }

  /** Per query token: the matrix summed over the selected keys, max-normalised. */
  public float[] queryHeatmap() {
    return AttentionViews.queryHeatmap(matrix(), selection);
  }

  /** Per key token: the matrix summed over the selected queries, max-normalised. */
  public float[] keyHeatmap() {
    return AttentionViews.keyHeatmap(matrix(), selection);
  }

  /** {@code [layers][heads]} totals over the selected tokens, max-normalised. */
  public float[][] dimensionHeatmap() {
    return AttentionViews.dimensionHeatmap(maps, selection);
  }

  /** The matrix as a table (queries as rows, keys as columns) for PNG, SVG and the terminal. */
  public HeatmapTable matrixTable() {
    return HeatmapTable.of(maps.label(), maps.queryTokens(), maps.keyTokens(), matrix())
        .withRange(ValueRange.unit());
  }

  /** The dimension heatmap as a table (layers as rows, heads as columns). */
  public HeatmapTable dimensionTable() {
    float[][] d = dimensionHeatmap();
    List<String> layers = new ArrayList<>();
    List<String> heads = new ArrayList<>();
    for (int l = 0; l < d.length; l++) {
      layers.add("L" + l);
    }
    for (int h = 0; h < maps.heads(); h++) {
      heads.add("H" + h);
    }
    return HeatmapTable.of(maps.label() + ": layer × head", layers, heads, d)
        .withRange(ValueRange.unit());
  }

  /** The interactive page over every set (self-contained, offline). */
  public AttentionPage page(AttentionPageOptions options) {
    return AttentionPage.of(sets, options);
  }

  /** Writes the interactive page to {@code file} (atomically). */
  public void writeHtml(Path file) {
    page(AttentionPageOptions.defaults()).write(file);
  }

  /** A fragment for Jupyter output. */
  public String fragment() {
    return page(AttentionPageOptions.defaults()).fragment();
  }

  public void writePng(Path file, Theme theme) {
    HeatmapPng.write(file, matrixTable(), theme);
  }

  public void writeSvg(Path file, Theme theme) {
    HeatmapSvg.write(file, matrixTable(), theme);
  }

  /** The matrix and the dimension heatmap for a terminal. */
  public String ansi(AnsiOptions options) {
    return HeatmapAnsi.render(matrixTable(), options)
        + "\n"
        + HeatmapAnsi.render(dimensionTable(), options);
  }
}
