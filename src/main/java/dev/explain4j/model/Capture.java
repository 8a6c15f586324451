package dev.explain4j.model;

import dev.explain4j.runtime.PyHandle;
import java.util.List;
import java.util.Objects;

/**
 * One value a hook captured: one call of one hook, in the order the values arrived.
 *
 * <p>The value stays in Python as a detached copy ({@code torch.Tensor}); {@link #value()} is a
 * handle to it that the {@link HookScope} owns and closes when it is closed or cleared. Do not
 * close it yourself.
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
}
