package dev.explain4j.explain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A row-major float32 array with its shape, as the Python side sends it. */
record FloatArray(int[] shape, float[] data) {

  FloatArray {
    shape = shape.clone();
    data = data.clone();
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
    }
  }

  /** Reads {@code {"shape": [...], "data": bytes}}. */
  static FloatArray fromPython(Object value) {
    Map<?, ?> m = (Map<?, ?>) value;
    List<?> dims = (List<?>) m.get("shape");
    int[] shape = dims.stream().mapToInt(d -> ((Number) d).intValue()).toArray();
    byte[] bytes = (byte[]) m.get("data");
    float[] data = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
    return new FloatArray(shape, data);
  }

  int dim(int i) {
    return shape[i];
  }
}
