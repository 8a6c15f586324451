package dev.explain4j.render;

import dev.explain4j.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A labelled grid of values to draw as a heatmap: rows × columns, plus optional {@link ScoreRow}s
 * underneath. For attribution (Inseq style) rows are the source and target tokens, columns the
 * generated tokens, and score rows hold step scores.
 *
 * <p>Immutable: values are copied in and out. NaN is an empty cell (for example a target token that
 * was not generated yet at that step).
 *
 * @param title shown above the table; may be empty
 * @param rowLabels one per row
 * @param columnLabels one per column
 * @param values {@code [rows][columns]}
 * @param scoreRows extra rows under the grid, each with one value per column
 * @param range colour range of the grid
 */
public record HeatmapTable(
    String title,
    List<String> rowLabels,
    List<String> columnLabels,
    float[][] values,
    List<ScoreRow> scoreRows,
    ValueRange range) {

  /** Validates the shape and copies everything; a {@code null} range is fitted to the values. */
  public HeatmapTable {
    title = title == null ? "" : title;
    rowLabels = copyLabels("row", rowLabels);
    columnLabels = copyLabels("column", columnLabels);
    if (values == null) {
      throw new InvalidInputException("heatmap '" + title + "' has no values");
    }
    if (values.length != rowLabels.size()) {
      throw new InvalidInputException(
          "heatmap '"
              + title
              + "' has "
              + values.length
              + " value rows for "
              + rowLabels.size()
              + " row labels");
    }
    float[][] copy = new float[values.length][];
    for (int r = 0; r < values.length; r++) {
      if (values[r] == null || values[r].length != columnLabels.size()) {
        throw new InvalidInputException(
            "heatmap '"
                + title
                + "' row "
                + r
                + " has "
                + (values[r] == null ? 0 : values[r].length)
                + " values for "
                + columnLabels.size()
                + " columns");
      }
      copy[r] = values[r].clone();
    }
    values = copy;
    scoreRows = List.copyOf(scoreRows == null ? List.of() : scoreRows);
    for (ScoreRow s : scoreRows) {
      if (s.size() != columnLabels.size()) {
        throw new InvalidInputException(
            "score row '"
                + s.label()
                + "' has "
                + s.size()
                + " values for "
                + columnLabels.size()
                + " columns");
      }
    }
    range = range == null ? ValueRange.fit(values) : range;
  }

  private static List<String> copyLabels(String what, List<String> labels) {
    if (labels == null) {
      throw new InvalidInputException("heatmap " + what + " labels are required");
    }
    List<String> out = new ArrayList<>(labels.size());
    for (String s : labels) {
      out.add(s == null ? "" : s);
    }
    return List.copyOf(out);
  }

  /** A table without score rows, its range fitted to the values. */
  public static HeatmapTable of(
      String title, List<String> rowLabels, List<String> columnLabels, float[][] values) {
    return new HeatmapTable(title, rowLabels, columnLabels, values, List.of(), null);
  }

  /** This table with one more score row (its range fitted to its values). */
  public HeatmapTable withScoreRow(String label, float[] rowValues) {
    return withScoreRow(ScoreRow.of(label, rowValues));
  }

  /** This table with one more score row. */
  public HeatmapTable withScoreRow(ScoreRow row) {
    List<ScoreRow> rows = new ArrayList<>(scoreRows);
    rows.add(row);
    return new HeatmapTable(title, rowLabels, columnLabels, values, rows, range);
  }

  /** This table with another colour range for the grid. */
  public HeatmapTable withRange(ValueRange newRange) {
    return new HeatmapTable(title, rowLabels, columnLabels, values, scoreRows, newRange);
  }

  /** A copy of the values. */
  @Override
  public float[][] values() {
    float[][] out = new float[values.length][];
    for (int r = 0; r < values.length; r++) {
      out[r] = values[r].clone();
    }
    return out;
  }

  /** One value, without copying. */
  public float value(int row, int column) {
    return values[row][column];
  }

  /** Number of grid rows (score rows not counted). */
  public int rows() {
    return rowLabels.size();
  }

  /** Number of columns. */
  public int columns() {
    return columnLabels.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeatmapTable t
        && title.equals(t.title)
        && rowLabels.equals(t.rowLabels)
        && columnLabels.equals(t.columnLabels)
        && Arrays.deepEquals(values, t.values)
        && scoreRows.equals(t.scoreRows)
        && range.equals(t.range);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        title, rowLabels, columnLabels, Arrays.deepHashCode(values), scoreRows, range);
  }

  @Override
  public String toString() {
    return "HeatmapTable['" + title + "', " + rows() + "×" + columns() + ", " + range + "]";
  }
}
