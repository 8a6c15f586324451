package dev.explain4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Index arithmetic and dtype names, without Python. */
class RowMajorTest {
  @Test
  void stridesAndNumel() {
    assertArrayEquals(new long[] {12, 4, 1}, RowMajor.strides(new long[] {2, 3, 4}));
    assertEquals(24, RowMajor.numel(new long[] {2, 3, 4}));
    assertEquals(1, RowMajor.numel(new long[0]));
    assertEquals(0, RowMajor.numel(new long[] {5, 0, 7}));
    assertArrayEquals(new long[0], RowMajor.strides(new long[0]));
    assertThrows(ArithmeticException.class, () -> RowMajor.numel(new long[] {1L << 40, 1L << 40}));
    assertThrows(IllegalArgumentException.class, () -> RowMajor.numel(new long[] {2, -1}));
  }

  @Test
  void flatIndexAndUnravelAreInverse() {
    long[] shape = {3, 1, 4, 2};
    long[] strides = RowMajor.strides(shape);
    long n = RowMajor.numel(shape);
    for (long flat = 0; flat < n; flat++) {
      long[] idx = RowMajor.unravel(shape, strides, n, flat);
      assertEquals(flat, RowMajor.flatIndex(shape, strides, idx));
    }
    assertEquals(2 * 8 + 3 * 2 + 1, RowMajor.flatIndex(shape, strides, new long[] {2, 0, 3, 1}));
  }

  @Test
  void badIndicesAreNamed() {
    long[] shape = {2, 3};
    long[] strides = RowMajor.strides(shape);
    IndexOutOfBoundsException oob =
        assertThrows(
            IndexOutOfBoundsException.class,
            () -> RowMajor.flatIndex(shape, strides, new long[] {1, 3}));
    assertTrue(oob.getMessage().contains("[1, 3]") && oob.getMessage().contains("[2, 3]"));
    assertThrows(
        IllegalArgumentException.class, () -> RowMajor.flatIndex(shape, strides, new long[] {1}));
    assertThrows(IndexOutOfBoundsException.class, () -> RowMajor.unravel(shape, strides, 6, 6));
  }

  @Test
  void dtypeNames() {
    assertEquals(DType.BFLOAT16, DType.fromPythonName("torch.bfloat16"));
    assertEquals(DType.INT64, DType.fromPythonName("int64"));
    assertEquals(2, DType.FLOAT16.byteWidth());
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> DType.fromPythonName("complex64"));
    assertTrue(e.getMessage().contains("complex64"));
  }
}
