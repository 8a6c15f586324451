package dev.explain4j.render;

import dev.explain4j.InvalidInputException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An extra labelled row under a {@link HeatmapTable}, for example a step score such as the
 * probability of each generated token. It has its own colour range. Immutable: the values are
 * copied in and out.
 *
 * @param label what the row shows, for example {@code "probability"}
 * @param values one value per table column; NaN is an empty cell
 * @param range colour range of this row
 */
public record ScoreRow(String label, float[] values, ValueRange range) {
  /** Copies the values; a {@code null} range is fitted to the values. */
  public ScoreRow {
    Objects.requireNonNull(label, "label");
    if (values == null) {
      throw new InvalidInputException("score row '" + label + "' has no values");
    }
    values = values.clone();
    range = range == null ? ValueRange.fit(values) : range;
  }

  /** A row whose range is fitted to its values. */
  public static ScoreRow of(String label, float[] values) {
    return new ScoreRow(label, values, null);
  }

  /** A copy of the values. */
  @Override
  public float[] values() {
    return values.clone();
  }

  /** One value without copying the row. */
  public float value(int column) {
    return values[column];
  }

  /** Number of values. */
  public int size() {
    return values.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreRow s
        && label.equals(s.label)
        && Arrays.equals(values, s.values)
        && range.equals(s.range);
  }

  @Override
  public int hashCode() {
    return Objects.hash(label, Arrays.hashCode(values), range);
  }

  @Override
  public String toString() {
    return "ScoreRow[" + label + ", " + values.length + " values, " + range + "]";
  }
}
