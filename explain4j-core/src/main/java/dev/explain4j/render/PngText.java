package dev.explain4j.render;

import java.awt.Canvas;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;

/** The text of a heatmap PNG: title, labels, cell values, legend numbers. Fails soft. */
final class PngText {
  private final Graphics2D g;
  private final TableLayout l;
  private final HeatmapTable t;
  private final Theme theme;
  private final Theme.Palette p;
  private final Font font;
  private boolean broken;

  PngText(Graphics2D g, TableLayout l, HeatmapTable t, Theme theme) {
    this.g = g;
    this.l = l;
    this.t = t;
    this.theme = theme;
    this.p = theme.palette();
    this.font = Fonts.base(12f);
  }

  /** Metrics of a font without a screen, or {@code null} when fonts are unusable. */
  static FontMetrics metrics(Font f) {
    try {
      return new Canvas().getFontMetrics(f);
    } catch (RuntimeException | Error e) {
      return null;
    }
  }

  void drawAll() {
    HeatmapPng.antialias(g);
    if (!l.title.isEmpty()) {
      draw(
          font.deriveFont(Font.BOLD, 13f),
          l.title,
          TableLayout.PAD,
          l.titleY,
          p.foreground(),
          false,
          null);
    }
    for (int c = 0; c < t.columns(); c += l.columnLabelStride()) {
      AffineTransform at =
          HeatmapPng.upwards(l.cellX(c) + l.cellW / 2.0 + 4, l.gridY - TableLayout.GAP / 2.0);
      draw(font, l.columnLabels.get(c), 0, 0, p.foreground(), false, at);
    }
    for (int r = 0; r < t.rows(); r++) {
      if (r % l.rowLabelStride() != 0) {
        continue;
      }
      draw(
          font,
          l.rowLabels.get(r),
          l.gridX - TableLayout.GAP,
          (int) (l.cellY(r) + l.cellH * 0.7),
          p.foreground(),
          true,
          null);
      int row = r;
      values(l.cellY(r), c -> t.value(row, c), t.range());
    }
    for (int s = 0; s < t.scoreRows().size(); s++) {
      ScoreRow row = t.scoreRows().get(s);
      draw(
          font,
          l.scoreLabels.get(s),
          l.gridX - TableLayout.GAP,
          (int) (l.scoreCellY(s) + l.cellH * 0.7),
          p.muted(),
          true,
          null);
      values(l.scoreCellY(s), row::value, row.range());
    }
    Font small = HeatmapPng.small(font);
    int ty = l.legendY + TableLayout.LEGEND_H + 12;
    draw(small, Numbers.cell(t.range().min()), TableLayout.PAD, ty, p.muted(), false, null);
    draw(
        small,
        Numbers.cell(t.range().max()),
        TableLayout.PAD + TableLayout.LEGEND_W,
        ty,
        p.muted(),
        true,
        null);
    if (t.range().isDiverging()) {
      String c = Numbers.cell(t.range().center());
      int x = TableLayout.PAD + TableLayout.LEGEND_W / 2;
      FontMetrics fm = metrics(small);
      draw(small, c, x - (fm == null ? 0 : fm.stringWidth(c) / 2), ty, p.muted(), false, null);
    }
  }

  private interface Column {
    float value(int column);
  }

  private void values(int y, Column column, ValueRange range) {
    if (!l.showValues) {
      return;
    }
    Font small = HeatmapPng.small(font);
    for (int c = 0; c < t.columns(); c++) {
      float v = column.value(c);
      if (!Float.isNaN(v)) {
        Rgb bg = range.color(v, theme);
        draw(
            small,
            Numbers.cell(v),
            l.cellX(c) + l.cellW - 4,
            (int) (y + l.cellH * 0.7),
            bg.contrastText(),
            true,
            null);
      }
    }
  }

  /** Draws one string; after the first failure draws no more text. */
  private void draw(
      Font f, String text, int x, int y, Rgb color, boolean alignRight, AffineTransform at) {
    if (broken || text.isEmpty()) {
      return;
    }
    try {
      Fonts.Styled s = Fonts.forText(f, text);
      g.setFont(s.font());
      g.setColor(HeatmapPng.color(color));
      int dx = alignRight ? -g.getFontMetrics().stringWidth(s.text()) : 0;
      if (at != null) {
        AffineTransform saved = g.getTransform();
        g.transform(at);
        g.drawString(s.text(), x + dx, y);
        g.setTransform(saved);
      } else {
        g.drawString(s.text(), x + dx, y);
      }
    } catch (RuntimeException | Error e) {
      broken = true;
    }
  }
}
