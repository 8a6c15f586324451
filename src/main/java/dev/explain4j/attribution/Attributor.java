package dev.explain4j.attribution;

import dev.explain4j.InvalidInputException;
import dev.explain4j.model.Model;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PyValues;
import dev.explain4j.runtime.PythonRuntime;
import dev.explain4j.tensor.Tensor;
import dev.explain4j.tensor.Tensors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Feature attribution for generation over a {@link Model}, with Inseq's methods, defaults and
 * layout. One forward pass serves every generation step and the per-step gradients are batched; the
 * raw tensors come to Java once (zero-copy), and aggregation happens in Java.
 *
 * <p>Thread-safe: calls go through the model's single interpreter thread.
 */
public final class Attributor {
  private static final String PY = "explain4j.attribution.bridge.";
  private final Model model;

  public Attributor(Model model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /** Generates from {@code input} and attributes every generated token. */
  public AttributionResult attribute(String input, AttributionOptions options) {
    return attribute(List.of(input), null, options).get(0);
  }

  /**
   * Attributes the forced {@code target} (for decoder-only models: the full text, prompt first).
   */
  public AttributionResult attribute(String input, String target, AttributionOptions options) {
    return attribute(List.of(input), List.of(target), options).get(0);
  }

  /**
   * Attributes several inputs, with forced targets (one per input) or generation when {@code
   * targets} is null.
   */
  public List<AttributionResult> attribute(
      List<String> inputs, List<String> targets, AttributionOptions options) {
    if (inputs.isEmpty()) {
      throw new InvalidInputException("no inputs to attribute for model " + model.info().source());
    }
    if (targets != null && targets.size() != inputs.size()) {
      throw new InvalidInputException(
          inputs.size()
              + " inputs but "
              + targets.size()
              + " targets for model "
              + model.info().source());
    }
    PythonRuntime py = PythonRuntime.shared();
    MethodCatalog.of(py).check(options);
    List<Object> args = new ArrayList<>();
    args.add(model.pythonHandle());
    args.add(inputs);
    args.add(targets);
    args.add(options.method());
    args.add(options.toPython());
    List<?> handles = (List<?>) py.callWithKeywords(PY + "run", args, Map.of());
    List<AttributionResult> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      for (Object h : handles) {
        out.add(read(py, allocator, (PyHandle) h, options));
      }
    } finally {
      for (Object h : handles) {
        ((PyHandle) h).close();
      }
    }
    return out;
  }

  private AttributionResult read(
      PythonRuntime py, BufferAllocator allocator, PyHandle seq, AttributionOptions options) {
    Map<?, ?> d = (Map<?, ?>) py.call(PY + "describe", seq);
    ScoreArray source =
        Boolean.TRUE.equals(d.get("hasSource")) ? array(py, allocator, seq, "source") : null;
    ScoreArray target =
        Boolean.TRUE.equals(d.get("hasTarget")) ? array(py, allocator, seq, "target") : null;
    Map<String, float[]> scores = new LinkedHashMap<>();
    ((Map<?, ?>) d.get("stepScores"))
        .forEach((k, v) -> scores.put(String.valueOf(k), PyValues.floats(v)));
    List<Map<String, Object>> aggregation = new ArrayList<>();
    for (Object step : (List<?>) d.get("defaultAggregation")) {
      Map<String, Object> m = new LinkedHashMap<>();
      ((Map<?, ?>) step).forEach((k, v) -> m.put(String.valueOf(k), v));
      aggregation.add(m);
    }
    Map<?, ?> info = (Map<?, ?>) d.get("info");
    Object secs = info.get("exec_seconds");
    AttributionProvenance provenance =
        new AttributionProvenance(
            model.info(),
            String.valueOf(d.get("method")),
            d.get("attributedFn") == null ? null : String.valueOf(d.get("attributedFn")),
            options,
            Instant.now(),
            secs instanceof Number n ? n.doubleValue() : Double.NaN);
    return new AttributionResult(
        PyValues.strings(d.get("sourceTokens")),
        PyValues.longs(d.get("sourceIds")),
        PyValues.strings(d.get("targetTokens")),
        PyValues.longs(d.get("targetIds")),
        ((Number) d.get("attrPosStart")).intValue(),
        ((Number) d.get("attrPosEnd")).intValue(),
        source,
        target,
        scores,
        PyValues.strings(d.get("dims")),
        aggregation,
        provenance);
  }

  private static ScoreArray array(
      PythonRuntime py, BufferAllocator allocator, PyHandle seq, String which) {
    try (Tensor t = Tensors.call(allocator, py, PY + "array", seq, which)) {
      int[] shape = new int[t.rank()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = Math.toIntExact(t.size(i));
      }
      return new ScoreArray(shape, t.toFloatArray());
    }
  }
}
