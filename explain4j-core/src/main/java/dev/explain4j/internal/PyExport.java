package dev.explain4j.internal;

import dev.explain4j.Explain4jException;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import java.util.List;
import java.util.Map;

/**
 * Python module {@code explain4j.export}: fills Arrow C Data structs with a tensor. Each call
 * returns Python's description of the export, which {@link dev.explain4j.tensor.Tensors} checks
 * against what it imported.
 */
public final class PyExport {
  /**
   * Python's description of one export.
   *
   * @param dtype the tensor's dtype name, for example {@code float32}
   * @param shape the tensor's shape
   * @param nbytes the bytes exported
   * @param dataPtr the address of the exported bytes
   */
  public record Exported(String dtype, long[] shape, long nbytes, long dataPtr) {}

  private static final String M = "explain4j.export.";
  private final PythonRuntime runtime;

  public PyExport(PythonRuntime runtime) {
    this.runtime = runtime;
  }

  /** {@code export_tensor(tensor, array_address, schema_address)}. */
  public Exported exportTensor(PyHandle tensor, long array, long schema) {
    return exported(runtime.call(M + "export_tensor", tensor, array, schema));
  }

  /** {@code export_call(array_address, schema_address, function, args)}. */
  public Exported exportCall(long array, long schema, String function, List<Object> args) {
    return exported(runtime.call(M + "export_call", array, schema, function, args));
  }

  /** {@code export_eval(array_address, schema_address, expression)}. */
  public Exported exportEval(long array, long schema, String expression) {
    return exported(runtime.call(M + "export_eval", array, schema, expression));
  }

  /** {@code settled()}: returns once Python has finished any export in flight. */
  public void settled() {
    runtime.call(M + "settled");
  }

  private static Exported exported(Object reply) {
    if (!(reply instanceof Map<?, ?> info)) {
      throw new Explain4jException("the tensor export returned " + reply + ", expected a dict");
    }
    if (!(info.get("shape") instanceof List<?> dims)) {
      throw new Explain4jException(
          "tensor export reported shape " + info.get("shape") + ", expected a list");
    }
    long[] shape = new long[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = number(dims.get(i));
    }
    return new Exported(
        String.valueOf(info.get("dtype")),
        shape,
        number(info.get("nbytes")),
        info.get("data_ptr") == null ? 0 : number(info.get("data_ptr")));
  }

  private static long number(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    throw new Explain4jException("tensor export reported " + value + ", expected a number");
  }
}
