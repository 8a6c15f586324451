package dev.explain4j.tensor;

import java.util.Arrays;

/** Row-major (C order) index arithmetic shared by {@link Tensor}. */
final class RowMajor {
  private RowMajor() {}

  /** Number of elements of {@code shape}; 1 for a 0-d shape. */
  static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Element strides: the last dimension has stride 1. */
  static long[] strides(long[] shape) {
    long[] strides = new long[shape.length];
    long s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= Math.max(shape[i], 1);
    }
    return strides;
  }

  /** The flat position of {@code index}, checking its rank and each coordinate. */
  static long flatIndex(long[] shape, long[] strides, long[] index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "index "
              + Arrays.toString(index)
              + " has "
              + index.length
              + " coordinates; the tensor has rank "
              + shape.length
              + " (shape "
              + Arrays.toString(shape)
              + ")");
    }
    long flat = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IndexOutOfBoundsException(
            "index "
                + Arrays.toString(index)
                + " is out of bounds for shape "
                + Arrays.toString(shape)
                + " (dimension "
                + i
                + ")");
      }
      flat += index[i] * strides[i];
    }
    return flat;
  }

  /** The coordinates of flat position {@code flat}, the inverse of {@link #flatIndex}. */
  static long[] unravel(long[] shape, long[] strides, long numel, long flat) {
    if (flat < 0 || flat >= numel) {
      throw new IndexOutOfBoundsException(
          "flat index " + flat + " is out of bounds for " + numel + " elements");
    }
    long[] index = new long[shape.length];
    long rest = flat;
    for (int i = 0; i < shape.length; i++) {
      index[i] = rest / strides[i];
      rest %= strides[i];
    }
    return index;
  }
}
