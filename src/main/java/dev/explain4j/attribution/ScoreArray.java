package dev.explain4j.attribution;

import dev.explain4j.InvalidInputException;
import java.util.Arrays;

/**
 * An immutable row-major float array with a shape, for example granular attributions {@code
 * [tokens, steps, hidden]}. NaN marks a cell that does not exist (a token after the step's prefix).
 *
 * @param shape the dimensions
 * @param values the values, row-major
 */
public record ScoreArray(int[] shape, float[] values) {
  public ScoreArray {
    shape = shape.clone();
    values = values.clone();
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new InvalidInputException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != values.length) {
      throw new InvalidInputException(
          values.length + " values do not fill shape " + Arrays.toString(shape));
    }
  }

  /** A 2-D array from rows (all of the same length). */
  public static ScoreArray of(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] v = new float[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != cols) {
        throw new InvalidInputException("ragged rows: row " + r + " has " + rows[r].length);
      }
      System.arraycopy(rows[r], 0, v, r * cols, cols);
    }
    return new ScoreArray(new int[] {rows.length, cols}, v);
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public float[] values() {
    return values.clone();
  }

  public int rank() {
    return shape.length;
  }

  public int size(int dim) {
    return shape[dim];
  }

  /** One value. */
  public float get(int... index) {
    if (index.length != shape.length) {
      throw new IndexOutOfBoundsException("need " + shape.length + " indices");
    }
    int flat = 0;
    for (int d = 0; d < shape.length; d++) {
      if (index[d] < 0 || index[d] >= shape[d]) {
        throw new IndexOutOfBoundsException("index " + index[d] + " in dimension " + d);
      }
      flat = flat * shape[d] + index[d];
    }
    return values[flat];
  }

  /** A 2-D array's rows, copied. */
  public float[][] toMatrix() {
    if (shape.length != 2) {
      throw new IllegalStateException("not 2-D: " + Arrays.toString(shape));
    }
    float[][] out = new float[shape[0]][];
    for (int r = 0; r < shape[0]; r++) {
      out[r] = Arrays.copyOfRange(values, r * shape[1], (r + 1) * shape[1]);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreArray s
        && Arrays.equals(shape, s.shape)
        && Arrays.equals(values, s.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "ScoreArray" + Arrays.toString(shape);
  }
}
