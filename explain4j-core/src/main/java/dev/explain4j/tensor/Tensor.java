package dev.explain4j.tensor;

import dev.explain4j.Explain4jException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.Float16;
import org.apache.arrow.vector.FieldVector;

/**
 * A read-only, row-major view of a tensor's memory in Python, imported through the Arrow C Data
 * Interface without copying (see {@link Tensors}).
 *
 * <p><b>Ownership.</b> Whoever received a {@code Tensor} owns it and must close it. Closing
 * releases the imported Arrow vector and with it the Python memory (the release callback takes the
 * GIL itself, so any thread may close). The {@link org.apache.arrow.memory.BufferAllocator} the
 * tensor was imported into must outlive it: closing that allocator first fails with "Memory was
 * leaked". The imported bytes count against the allocator's limit. The {@link
 * dev.explain4j.runtime.PythonRuntime} need not outlive it: Python stays loaded in the JVM after a
 * runtime closes, so the memory stays valid and closing still releases it.
 *
 * <p><b>Views.</b> {@link #asFloatBuffer()}, {@link #asLongBuffer()}, {@link #asShortBuffer()},
 * {@link #asByteBuffer()} and {@link #address()} expose the Python memory itself. They are valid
 * only until {@link #close()}: reading a view after that reads freed memory and may crash the JVM.
 * Use {@link #toFloatArray()} or {@link #toLongArray()} for data that outlives the tensor. In-place
 * changes made in Python to the exported tensor are visible here.
 *
 * <p><b>Element types.</b> FLOAT32 and INT64 are read as they are. FLOAT16 and BFLOAT16 keep their
 * 16-bit data and are widened to {@code float} by {@link #getFloat}, {@link #toFloatArray()} and
 * {@link #toFloatMatrix()}; their raw bits are in {@link #asShortBuffer()}.
 *
 * <p>Reads may run on many threads at once. Closing while another thread reads is a caller error.
 */
public final class Tensor implements AutoCloseable {
  private final FieldVector vector;
  private final ArrowBuf data;
  private final DType dtype;
  private final long[] shape;
  private final long[] strides;
  private final long numel;
  private final AtomicBoolean closed = new AtomicBoolean();

  Tensor(FieldVector vector, ArrowBuf data, DType dtype, long[] shape) {
    this.vector = vector;
    this.data = data;
    this.dtype = dtype;
    this.shape = shape.clone();
    this.strides = RowMajor.strides(this.shape);
    this.numel = RowMajor.numel(this.shape);
  }

  /** The shape (a copy); empty for a 0-d tensor. */
  public long[] shape() {
    return shape.clone();
  }

  /** Number of dimensions; 0 for a scalar. */
  public int rank() {
    return shape.length;
  }

  /** The size of dimension {@code dim}. */
  public long size(int dim) {
    return shape[dim];
  }

  /** Row-major element strides (a copy): the last dimension has stride 1. */
  public long[] strides() {
    return strides.clone();
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** Number of elements: the product of the shape, 1 for a 0-d tensor, 0 for an empty one. */
  public long numel() {
    return numel;
  }

  /** Size of the data in bytes: {@code numel() * dtype().byteWidth()}. */
  public long byteSize() {
    return numel * dtype.byteWidth();
  }

  /** The row-major position of the element at {@code index} (one coordinate per dimension). */
  public long flatIndex(long... index) {
    return RowMajor.flatIndex(shape, strides, index);
  }

  /** The coordinates of the element at row-major position {@code flatIndex}. */
  public long[] unravelIndex(long flatIndex) {
    return RowMajor.unravel(shape, strides, numel, flatIndex);
  }

  /** Native address of the first element: the Python tensor's own memory. Valid until close. */
  public long address() {
    checkOpen();
    return data.memoryAddress();
  }

  /** The element at {@code index}, widened to float. Not for INT64. */
  public float getFloat(long... index) {
    return getFloatFlat(flatIndex(index));
  }

  /** The element at row-major position {@code flatIndex}, widened to float. Not for INT64. */
  public float getFloatFlat(long flatIndex) {
    checkOpen();
    checkFlat(flatIndex);
    return switch (dtype) {
      case FLOAT32 -> data.getFloat(flatIndex * 4);
      case FLOAT16 -> Float16.toFloat(data.getShort(flatIndex * 2));
      case BFLOAT16 -> bf16ToFloat(data.getShort(flatIndex * 2));
      case INT64 -> throw wrongType("getFloat", "getLong");
    };
  }

  /** The INT64 element at {@code index}. */
  public long getLong(long... index) {
    return getLongFlat(flatIndex(index));
  }

  /** The INT64 element at row-major position {@code flatIndex}. */
  public long getLongFlat(long flatIndex) {
    checkOpen();
    requireType(DType.INT64, "getLong");
    checkFlat(flatIndex);
    return data.getLong(flatIndex * 8);
  }

  /** A read-only, native-order view of the raw bytes. Valid until close; at most 2 GiB. */
  public ByteBuffer asByteBuffer() {
    checkOpen();
    if (byteSize() > Integer.MAX_VALUE) {
      throw new Explain4jException(
          describe()
              + " has "
              + byteSize()
              + " bytes, more than one Java buffer can view (2 GiB);"
              + " read it with getFloatFlat/getLongFlat or through address()");
    }
    return data.nioBuffer(0, (int) byteSize()).asReadOnlyBuffer().order(ByteOrder.nativeOrder());
  }

  /** A zero-copy, read-only view of a FLOAT32 tensor. Valid until close. */
  public FloatBuffer asFloatBuffer() {
    requireType(DType.FLOAT32, "asFloatBuffer");
    return asByteBuffer().asFloatBuffer();
  }

  /** A zero-copy, read-only view of an INT64 tensor. Valid until close. */
  public LongBuffer asLongBuffer() {
    requireType(DType.INT64, "asLongBuffer");
    return asByteBuffer().asLongBuffer();
  }

  /** A zero-copy, read-only view of the raw bits of a FLOAT16 or BFLOAT16 tensor. */
  public ShortBuffer asShortBuffer() {
    if (dtype != DType.FLOAT16 && dtype != DType.BFLOAT16) {
      throw wrongType("asShortBuffer", dtype == DType.INT64 ? "asLongBuffer" : "asFloatBuffer");
    }
    return asByteBuffer().asShortBuffer();
  }

  /** A copy of every element in row-major order, widened to float. Not for INT64. */
  public float[] toFloatArray() {
    checkOpen();
    if (!dtype.isFloatingPoint()) {
      throw wrongType("toFloatArray", "toLongArray");
    }
    float[] out = new float[arrayLength()];
    if (dtype == DType.FLOAT32) {
      asFloatBuffer().get(out);
      return out;
    }
    ShortBuffer bits = asShortBuffer();
    boolean half = dtype == DType.FLOAT16;
    for (int i = 0; i < out.length; i++) {
      short b = bits.get(i);
      out[i] = half ? Float16.toFloat(b) : bf16ToFloat(b);
    }
    return out;
  }

  /** A copy of a rank-2 floating-point tensor as rows, widened to float. */
  public float[][] toFloatMatrix() {
    if (shape.length != 2) {
      throw new Explain4jException("toFloatMatrix needs a rank-2 tensor, not " + describe());
    }
    float[] flat = toFloatArray();
    int rows = (int) shape[0];
    int cols = (int) shape[1];
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
    }
    return out;
  }

  /** A copy of every element of an INT64 tensor in row-major order. */
  public long[] toLongArray() {
    checkOpen();
    requireType(DType.INT64, "toLongArray");
    long[] out = new long[arrayLength()];
    asLongBuffer().get(out);
    return out;
  }

  /** True once closed. */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Releases the Arrow vector and with it the Python memory. Idempotent; any thread may call it,
   * and blocks until it gets Python's GIL. Views taken earlier become invalid.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      vector.close();
    }
  }

  @Override
  public String toString() {
    return "Tensor[" + describe() + (isClosed() ? ", closed]" : "]");
  }

  private String describe() {
    return dtype.pythonName() + Arrays.toString(shape);
  }

  private static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new Explain4jException(
          "tensor " + describe() + " is closed; its Python memory has been released");
    }
  }

  private void checkFlat(long flatIndex) {
    if (flatIndex < 0 || flatIndex >= numel) {
      throw new IndexOutOfBoundsException(
          "flat index " + flatIndex + " is out of bounds for " + describe());
    }
  }

  private int arrayLength() {
    if (numel > Integer.MAX_VALUE - 8) {
      throw new Explain4jException(
          describe() + " has " + numel + " elements, too many for one Java array");
    }
    return (int) numel;
  }

  private void requireType(DType wanted, String method) {
    checkOpen();
    if (dtype != wanted) {
      throw new Explain4jException(
          method + " needs a " + wanted.pythonName() + " tensor; this one is " + describe());
    }
  }

  private Explain4jException wrongType(String method, String instead) {
    checkOpen();
    return new Explain4jException(
        method + " does not apply to " + describe() + "; use " + instead + " instead");
  }
}
