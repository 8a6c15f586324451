package dev.explain4j.tensor;

import dev.explain4j.Explain4jException;
import dev.explain4j.internal.PyExport;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarBinaryVector;

/**
 * Checks an imported vector against Python's description of the export and wraps it as a {@link
 * Tensor}. The layout is the one {@code explain4j/export.py} documents: a {@code large_binary}
 * array holding one value, the tensor's row-major bytes, with dtype and shape in the field
 * metadata.
 */
final class TensorImport {
  static final String DTYPE_KEY = "explain4j.dtype";
  static final String SHAPE_KEY = "explain4j.shape";

  private TensorImport() {}

  static Tensor wrap(FieldVector vector, PyExport.Exported info) {
    if (!(vector instanceof LargeVarBinaryVector binary) || binary.getValueCount() != 1) {
      throw new Explain4jException(
          "tensor export is not one large_binary value: got "
              + vector.getField()
              + " with "
              + vector.getValueCount()
              + " values");
    }
    Map<String, String> metadata = vector.getField().getMetadata();
    DType dtype = DType.fromPythonName(info.dtype());
    long[] shape = info.shape().clone();
    check("dtype metadata", dtype.pythonName(), metadata.get(DTYPE_KEY));
    check("shape metadata", joined(shape), metadata.get(SHAPE_KEY));

    ArrowBuf offsets = binary.getOffsetBuffer();
    long start = offsets.getLong(0);
    long end = offsets.getLong(LargeVarBinaryVector.OFFSET_WIDTH);
    long expectedBytes = Math.multiplyExact(RowMajor.numel(shape), dtype.byteWidth());
    check("start offset", 0L, start);
    check("byte size", expectedBytes, end);
    check("byte size reported by Python", expectedBytes, info.nbytes());
    ArrowBuf data = binary.getDataBuffer();
    if (expectedBytes > 0) {
      check("data address (zero-copy)", info.dataPtr(), data.memoryAddress());
    }
    return new Tensor(vector, data, dtype, shape);
  }

  private static String joined(long[] shape) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ",").append(shape[i]);
    }
    return sb.toString();
  }

  private static void check(String what, Object expected, Object actual) {
    if (!expected.equals(actual)) {
      throw new Explain4jException(
          "tensor export is inconsistent: " + what + " is " + actual + ", expected " + expected);
    }
  }
}
