package dev.explain4j.render;

import java.util.List;

/**
 * A {@link HeatmapTable} for a terminal: each value on a 24-bit colour background, labels made
 * visible ({@link TokenText#visible}) and cut to fit by display width, columns split into blocks
 * that fit the terminal width. With {@link AnsiOptions#plain()} the same layout without escapes.
 */
public final class HeatmapAnsi {
  /** Columns per cell: a value such as {@code -0.123} and a space. */
  static final int CELL = 7;

  /** Longest row label, in terminal columns. */
  static final int MAX_LABEL = 18;

  private HeatmapAnsi() {}

  /** The table as terminal text, lines ending in {@code \n}. */
  public static String render(HeatmapTable t, AnsiOptions o) {
    List<String> rowLabels = t.rowLabels().stream().map(s -> label(s)).toList();
    List<String> scoreLabels = t.scoreRows().stream().map(s -> label(s.label())).toList();
    int labelW = 1;
    for (String s : rowLabels) {
      labelW = Math.max(labelW, TokenText.displayWidth(s));
    }
    for (String s : scoreLabels) {
      labelW = Math.max(labelW, TokenText.displayWidth(s));
    }
    int perBlock = Math.max(1, (o.width() - labelW - 1) / CELL);
    StringBuilder sb = new StringBuilder();
    if (!t.title().isEmpty()) {
      String title = TokenText.truncate(TokenText.visible(t.title()), o.width());
      sb.append(o.color() ? Ansi.BOLD + title + Ansi.RESET : title).append('\n');
    }
    for (int from = 0; from < t.columns(); from += perBlock) {
      int to = Math.min(t.columns(), from + perBlock);
      if (t.columns() > perBlock) {
        sb.append(dim(o, "columns " + from + "–" + (to - 1) + " of " + t.columns())).append('\n');
      }
      sb.append(" ".repeat(labelW + 1));
      for (int c = from; c < to; c++) {
        String h = TokenText.truncate(TokenText.visible(t.columnLabels().get(c), true), CELL - 1);
        sb.append(TokenText.padLeft(h, CELL - 1)).append(' ');
      }
      sb.append('\n');
      for (int r = 0; r < t.rows(); r++) {
        sb.append(TokenText.padRight(rowLabels.get(r), labelW)).append(' ');
        for (int c = from; c < to; c++) {
          cell(sb, o, t.range(), t.value(r, c));
        }
        sb.append('\n');
      }
      for (int s = 0; s < t.scoreRows().size(); s++) {
        ScoreRow row = t.scoreRows().get(s);
        String lab = TokenText.padRight(scoreLabels.get(s), labelW);
        sb.append(s == 0 ? italic(o, lab) : lab).append(' ');
        for (int c = from; c < to; c++) {
          cell(sb, o, row.range(), row.value(c));
        }
        sb.append('\n');
      }
    }
    sb.append(legend(t.range(), o)).append('\n');
    return sb.toString();
  }

  static String label(String s) {
    return TokenText.truncate(TokenText.visible(s, true), MAX_LABEL);
  }

  private static void cell(StringBuilder sb, AnsiOptions o, ValueRange range, float v) {
    if (Float.isNaN(v)) {
      sb.append(" ".repeat(CELL));
      return;
    }
    String text = TokenText.padLeft(Numbers.cell(v), CELL - 1) + " ";
    if (o.color()) {
      sb.append(Ansi.colors(range.color(v, o.theme()))).append(text).append(Ansi.RESET);
    } else {
      sb.append(text);
    }
  }

  /** A legend line: the range's ends around a colour bar (just the numbers when plain). */
  static String legend(ValueRange range, AnsiOptions o) {
    String lo = Numbers.cell(range.min());
    String hi = Numbers.cell(range.max());
    String mid = range.isDiverging() ? " (center " + Numbers.cell(range.center()) + ")" : "";
    if (!o.color()) {
      return "scale " + lo + " … " + hi + mid;
    }
    return dim(o, lo) + " " + Ansi.bar(range.colorMap(o.theme()), 24) + " " + dim(o, hi + mid);
  }

  private static String dim(AnsiOptions o, String s) {
    return o.color() ? Ansi.DIM + s + Ansi.RESET : s;
  }

  private static String italic(AnsiOptions o, String s) {
    return o.color() ? "\u001b[3m" + s + Ansi.RESET : s;
  }
}
