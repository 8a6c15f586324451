package dev.explain4j.explain;

import dev.explain4j.Explain4jException;
import dev.explain4j.internal.PyExplain;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.tensor.Tensor;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Reads an explain result's float32 arrays through the Arrow tensor bridge. Each array is imported
 * zero-copy into a child of the session's allocator, copied once onto the Java heap, and its Arrow
 * memory (and the child allocator) released before the read returns: the Java result owns its
 * values and needs no closing.
 */
final class ExplainArrays {
  private final PyExplain py;
  private final BufferAllocator allocator;
  private final PyHandle session;

  ExplainArrays(PyExplain py, BufferAllocator allocator, PyHandle session) {
    this.py = py;
    this.allocator = allocator;
    this.session = session;
  }

  /** The values of array {@code name} of the last {@code which} result, checked against shape. */
  float[] read(String which, String name, int[] shape) {
    try (BufferAllocator child = allocator.newChildAllocator("explain " + name, 0, Long.MAX_VALUE);
        Tensor t = py.array(child, session, which, name)) {
      if (!Arrays.equals(Arrays.stream(shape).asLongStream().toArray(), t.shape())) {
        throw new Explain4jException(
            "explain array "
                + name
                + " arrived with shape "
                + Arrays.toString(t.shape())
                + ", described as "
                + Arrays.toString(shape));
      }
      return t.toFloatArray();
    }
  }
}
