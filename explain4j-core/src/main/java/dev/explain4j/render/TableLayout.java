package dev.explain4j.render;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Pixel geometry of a {@link HeatmapTable} image, shared by the SVG and PNG writers: title on top,
 * column labels written upwards above the grid, row labels right-aligned on its left, score rows
 * under a gap, the colour legend at the bottom. Labels are shortened with {@code …} to fit.
 */
final class TableLayout {
  static final int PAD = 12;
  static final int TITLE_H = 26;
  static final int GAP = 8;
  static final int LEGEND_W = 200;
  static final int LEGEND_H = 12;
  static final int LEGEND_TEXT_H = 16;
  static final int MAX_LABEL_PX = 180;

  final int cellW;
  final int cellH;
  final boolean showValues;
  final int gridX;
  final int gridY;
  final int scoreY;
  final int legendY;
  final int width;
  final int height;
  final int titleY;
  final List<String> rowLabels = new ArrayList<>();
  final List<String> columnLabels = new ArrayList<>();
  final List<String> scoreLabels = new ArrayList<>();
  final String title;

  /** Height of one label line in pixels; labels closer than this are thinned. */
  static final int LABEL_PX = 14;

  /**
   * @param measure text width in pixels at the label font size
   */
  TableLayout(HeatmapTable t, int cellW, int cellH, ToDoubleFunction<String> measure) {
    this.cellW = cellW;
    this.cellH = cellH;
    this.showValues = cellW >= 34 && cellH >= 14;
    double rowW = 0;
    for (String s : t.rowLabels()) {
      String v = fit(TokenText.visible(s, true), measure);
      rowLabels.add(v);
      rowW = Math.max(rowW, measure.applyAsDouble(v));
    }
    for (ScoreRow s : t.scoreRows()) {
      String v = fit(TokenText.visible(s.label(), true), measure);
      scoreLabels.add(v);
      rowW = Math.max(rowW, measure.applyAsDouble(v));
    }
    double colH = 0;
    for (String s : t.columnLabels()) {
      String v = fit(TokenText.visible(s, true), measure);
      columnLabels.add(v);
      colH = Math.max(colH, measure.applyAsDouble(v));
    }
    title = TokenText.visible(t.title());
    int titleH = title.isEmpty() ? 0 : TITLE_H;
    titleY = PAD + 16;
    gridX = PAD + (int) Math.ceil(rowW) + GAP;
    gridY = PAD + titleH + (int) Math.ceil(colH) + GAP;
    int gridBottom = gridY + t.rows() * cellH;
    scoreY = gridBottom + (t.scoreRows().isEmpty() ? 0 : GAP);
    legendY = scoreY + t.scoreRows().size() * cellH + GAP + 4;
    int titleW = title.isEmpty() ? 0 : (int) Math.ceil(measure.applyAsDouble(title) * 1.15);
    width =
        Math.max(Math.max(gridX + t.columns() * cellW, PAD + LEGEND_W + 120), PAD + titleW) + PAD;
    height = legendY + LEGEND_H + LEGEND_TEXT_H + PAD;
  }

  /** Left edge of a column's cells. */
  int cellX(int column) {
    return gridX + column * cellW;
  }

  /** Top edge of a grid row's cells. */
  int cellY(int row) {
    return gridY + row * cellH;
  }

  /** Top edge of a score row's cells. */
  int scoreCellY(int scoreRow) {
    return scoreY + scoreRow * cellH;
  }

  private static String fit(String s, ToDoubleFunction<String> measure) {
    if (measure.applyAsDouble(s) <= MAX_LABEL_PX) {
      return s;
    }
    int[] cps = s.codePoints().toArray();
    int n = cps.length;
    while (n > 1 && measure.applyAsDouble(new String(cps, 0, n) + "…") > MAX_LABEL_PX) {
      n--;
    }
    return new String(cps, 0, n) + "…";
  }

  /** Draw every n-th column label so that labels never overlap (1 when cells are wide enough). */
  int columnLabelStride() {
    return Math.max(1, (LABEL_PX + cellW - 1) / cellW);
  }

  /** Draw every n-th row label so that labels never overlap. */
  int rowLabelStride() {
    return Math.max(1, (LABEL_PX + cellH - 1) / cellH);
  }
}
