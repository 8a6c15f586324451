package dev.explain4j.model;

import dev.explain4j.Explain4jException;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.tensor.Tensor;
import dev.explain4j.tensor.Tensors;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One value a hook captured: one call of one hook, in the order the values arrived.
 *
 * <p>The value stays in Python as a detached copy ({@code torch.Tensor}); {@link #value()} is a
 * handle to it that the {@link HookScope} owns and closes when it is closed or cleared. Do not
 * close it yourself. {@link #toTensor} reads the value in Java without copying it.
 *
 * @param sequence position in the scope's arrival order, from 0
 * @param module the module's name, for example {@code model.layers.1.mlp}
 * @param direction forward value or backward gradient
 * @param target input or output of the module
 * @param call which call of this hook produced it, from 0 (generation calls a module once per step)
 * @param shape the tensor's shape
 * @param dtype the tensor's dtype, for example {@code float32}
 * @param value handle to the Python tensor, owned by the scope
 */
public record Capture(
    int sequence,
    String module,
    HookDirection direction,
    HookTarget target,
    int call,
    List<Long> shape,
    String dtype,
    PyHandle value) {

  /** Copies the shape. */
  public Capture {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(value, "value");
    shape = List.copyOf(shape);
  }

  /**
   * The captured value as a zero-copy {@link Tensor} imported into {@code allocator} (a CUDA value
   * is copied once to host memory). The tensor is owned by the caller, who must close it before the
   * allocator; it keeps the Python memory alive, so it stays valid after the scope is cleared or
   * closed.
   *
   * @throws Explain4jException if the scope already released this capture
   */
  public Tensor toTensor(BufferAllocator allocator) {
    if (value.isClosed()) {
      throw new Explain4jException(
          "capture "
              + sequence
              + " of "
              + module
              + " was released (its scope was cleared or"
              + " closed)");
    }
    return Tensors.fromPython(allocator, value.runtime(), value);
  }
}
