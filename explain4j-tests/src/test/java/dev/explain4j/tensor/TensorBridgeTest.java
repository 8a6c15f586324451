package dev.explain4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jException;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.FloatBuffer;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Values, shapes and zero-copy of tensors brought from torch. */
@Tag("python")
class TensorBridgeTest {
  private final PythonRuntime py = PythonRuntime.shared();
  private BufferAllocator allocator;

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
    py.exec("import torch\ntorch.manual_seed(7)");
  }

  @AfterEach
  void closeAllocator() {
    allocator.close(); // throws "Memory was leaked" if a test left a vector open
  }

  @Test
  void float32AndInt64AreZeroCopy() {
    py.exec("zc_f = torch.randn(3, 5)\nzc_i = torch.arange(12).reshape(3, 4)");
    for (String name : List.of("zc_f", "zc_i")) {
      try (PyHandle h = (PyHandle) py.eval(name);
          Tensor t = Tensors.fromPython(allocator, py, h)) {
        assertEquals(py.eval(name + ".data_ptr()"), t.address(), name);
        assertEquals(py.eval(name + ".numpy().ctypes.data"), t.address(), name);
        assertEquals(py.eval("list(" + name + ".shape)"), boxed(t.shape()));
      }
    }
  }

  @Test
  void float32Values() {
    py.exec("v32 = torch.randn(4, 6)");
    try (Tensor t = Tensors.eval(allocator, py, "v32")) {
      assertEquals(DType.FLOAT32, t.dtype());
      float[] expected = floats(py.eval("v32.reshape(-1).tolist()"));
      assertArrayEquals(expected, t.toFloatArray());
      FloatBuffer view = t.asFloatBuffer();
      assertEquals(24, view.capacity());
      assertTrue(view.isReadOnly());
      assertEquals(expected[13], view.get(13));
      assertEquals(expected[2 * 6 + 1], t.getFloat(2, 1));
      float[][] rows = t.toFloatMatrix();
      assertEquals(4, rows.length);
      assertEquals(expected[3 * 6 + 5], rows[3][5]);
    }
  }

  @Test
  void int64ValuesBeyondDoublePrecision() {
    py.exec("v64 = torch.tensor([[-(2**62), 2**62 + 1, 7], [0, -1, 2**53 + 1]])");
    try (Tensor t = Tensors.eval(allocator, py, "v64")) {
      assertEquals(DType.INT64, t.dtype());
      long[] expected = {-(1L << 62), (1L << 62) + 1, 7, 0, -1, (1L << 53) + 1};
      assertArrayEquals(expected, t.toLongArray());
      assertEquals((1L << 53) + 1, t.getLong(1, 2));
      assertEquals(7, t.asLongBuffer().get(2));
      assertThrows(Explain4jException.class, t::toFloatArray);
      assertThrows(Explain4jException.class, () -> t.getFloat(0, 0));
    }
  }

  @Test
  void float16AndBfloat16AreReadAsFloat32() {
    py.exec(
        "special = [1.0, -2.5, 65504.0, 6e-8, 1e-5, float('inf'), float('-inf'), float('nan'),"
            + " -0.0, 0.1]\n"
            + "h16 = torch.cat([torch.tensor(special), torch.randn(50)]).to(torch.float16)\n"
            + "b16 = torch.cat([torch.tensor(special), torch.randn(50) * 1e30]).bfloat16()");
    for (String name : List.of("h16", "b16")) {
      try (Tensor t = Tensors.eval(allocator, py, name)) {
        assertEquals(name.equals("h16") ? DType.FLOAT16 : DType.BFLOAT16, t.dtype());
        assertEquals(py.eval(name + ".data_ptr()"), t.address(), "16-bit data is not copied");
        float[] expected = floats(py.eval(name + ".float().tolist()"));
        assertArrayEquals(expected, t.toFloatArray(), name);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], t.getFloat(i), name + "[" + i + "]");
        }
        List<?> bits = (List<?>) py.eval(name + ".view(torch.int16).tolist()");
        assertEquals(((Number) bits.get(3)).shortValue(), t.asShortBuffer().get(3));
        assertThrows(Explain4jException.class, t::asFloatBuffer);
      }
    }
  }

  @Test
  void nonContiguousInputIsCopiedInRowMajorOrder() {
    py.exec("nc = torch.arange(12, dtype=torch.float32).reshape(3, 4)\nnc_t = nc.t()");
    try (PyHandle h = (PyHandle) py.eval("nc_t");
        Tensor t = Tensors.fromPython(allocator, py, h)) {
      assertArrayEquals(new long[] {4, 3}, t.shape());
      assertNotEquals(py.eval("nc.data_ptr()"), t.address());
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 3; j++) {
          assertEquals(j * 4 + i, t.getFloat(i, j));
        }
      }
    }
  }

  @Test
  void zeroDimensionalTensor() {
    try (Tensor t = Tensors.eval(allocator, py, "torch.tensor(3.5)")) {
      assertEquals(0, t.rank());
      assertArrayEquals(new long[0], t.shape());
      assertEquals(1, t.numel());
      assertEquals(3.5f, t.getFloat());
      assertArrayEquals(new float[] {3.5f}, t.toFloatArray());
      assertArrayEquals(new long[0], t.unravelIndex(0));
    }
  }

  @Test
  void emptyTensor() {
    try (Tensor t = Tensors.call(allocator, py, "torch.zeros", 0, 3)) {
      assertArrayEquals(new long[] {0, 3}, t.shape());
      assertEquals(0, t.numel());
      assertEquals(0, t.byteSize());
      assertEquals(0, t.toFloatArray().length);
      assertEquals(0, t.asFloatBuffer().capacity());
      assertThrows(IndexOutOfBoundsException.class, () -> t.getFloatFlat(0));
    }
  }

  @Test
  void fourDimensionalIndexHelpers() {
    try (Tensor t =
        Tensors.eval(allocator, py, "torch.arange(120, dtype=torch.float32).reshape(2, 3, 4, 5)")) {
      assertArrayEquals(new long[] {60, 20, 5, 1}, t.strides());
      assertEquals(119, t.flatIndex(1, 2, 3, 4));
      assertEquals(1 * 60 + 0 * 20 + 2 * 5 + 3, t.getFloat(1, 0, 2, 3));
      assertArrayEquals(new long[] {1, 0, 2, 3}, t.unravelIndex(73));
      assertEquals(4, t.size(2));
      assertThrows(IllegalArgumentException.class, () -> t.getFloat(1, 2, 3));
      assertThrows(IndexOutOfBoundsException.class, () -> t.getFloat(0, 3, 0, 0));
      assertThrows(IndexOutOfBoundsException.class, () -> t.getFloat(0, 0, 0, -1));
    }
  }

  @Test
  void callPassesHandlesAndPlainArguments() {
    py.exec("cm = torch.arange(6, dtype=torch.float32).reshape(2, 3)");
    try (PyHandle h = (PyHandle) py.eval("cm");
        Tensor t = Tensors.call(allocator, py, "torch.transpose", h, 0, 1)) {
      assertArrayEquals(new long[] {3, 2}, t.shape());
      assertEquals(5f, t.getFloat(2, 1));
    }
  }

  static float[] floats(Object pythonList) {
    List<?> list = (List<?>) pythonList;
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).floatValue();
    }
    return out;
  }

  private static List<Long> boxed(long[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }
}
