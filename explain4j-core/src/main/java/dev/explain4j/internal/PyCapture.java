package dev.explain4j.internal;

import dev.explain4j.model.GenerationResult;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import dev.explain4j.tensor.Tensor;
import dev.explain4j.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;

/** Python module {@code explain4j.capture}: every layer's attention weights from one pass. */
public final class PyCapture {
  private static final String M = "explain4j.capture.";
  private final PythonRuntime runtime;

  public PyCapture(PythonRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /**
   * One captured set of attention weights ({@code encoder}, {@code decoder}, {@code cross}, ...).
   *
   * @param label its display label
   * @param kind its kind
   * @param layers layers
   * @param heads heads per layer
   * @param queries query positions
   * @param keys key positions
   * @param queryIds the query tokens' ids
   * @param queryTokens the query tokens
   * @param keyIds the key tokens' ids
   * @param keyTokens the key tokens
   */
  public record AttentionSet(
      String label,
      String kind,
      int layers,
      int heads,
      int queries,
      int keys,
      List<Long> queryIds,
      List<String> queryTokens,
      List<Long> keyIds,
      List<String> keyTokens) {}

  /** What {@code describe(captured)} says: the implementation the pass used and the sets. */
  public record Captured(String implementation, List<AttentionSet> sets) {}

  /** {@code capture_text(model, text)}: the capture's handle, owned by the caller. */
  public PyHandle captureText(PyHandle model, String text) {
    return PyMap.handle(runtime.call(M + "capture_text", model, text), "an attention capture");
  }

  /** {@code capture(model, prompt_ids=..., ...)}: the capture's handle, owned by the caller. */
  public PyHandle capture(PyHandle model, GenerationResult sequence) {
    Object r = runtime.callWithKeywords(M + "capture", List.of(model), PyGeneration.ids(sequence));
    return PyMap.handle(r, "an attention capture");
  }

  /** {@code describe(captured)}. */
  public Captured describe(PyHandle captured) {
    PyMap d = new PyMap(runtime.call(M + "describe", captured), "attention capture");
    List<AttentionSet> sets = new ArrayList<>();
    for (Object o : d.list("sets")) {
      PyMap s = new PyMap(o, "attention set");
      List<?> shape = s.list("shape");
      sets.add(
          new AttentionSet(
              String.valueOf(s.raw("label")),
              String.valueOf(s.raw("kind")),
              ((Number) shape.get(0)).intValue(),
              ((Number) shape.get(1)).intValue(),
              ((Number) shape.get(2)).intValue(),
              ((Number) shape.get(3)).intValue(),
              s.longs("queryIds"),
              s.strings("queryTokens"),
              s.longs("keyIds"),
              s.strings("keyTokens")));
    }
    return new Captured(String.valueOf(d.raw("implementation")), sets);
  }

  /** {@code tensor(captured, set, layer)}: one layer's weights, zero-copy. */
  public Tensor tensor(BufferAllocator allocator, PyHandle captured, int set, int layer) {
    return Tensors.call(allocator, runtime, M + "tensor", captured, set, layer);
  }
}
