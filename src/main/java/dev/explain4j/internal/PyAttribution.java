package dev.explain4j.internal;

import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import dev.explain4j.tensor.Tensor;
import dev.explain4j.tensor.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;

/** Python module {@code explain4j.attribution.bridge}: Inseq's methods over a loaded model. */
public final class PyAttribution {
  private static final String M = "explain4j.attribution.bridge.";
  private final PythonRuntime runtime;

  public PyAttribution(PythonRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /**
   * What {@code describe(sequence)} says of one attributed sequence.
   *
   * @param sourceTokens the source (input) tokens
   * @param sourceIds their ids
   * @param targetTokens the target tokens
   * @param targetIds their ids
   * @param attrPosStart the first attributed target position
   * @param attrPosEnd the position after the last attributed one
   * @param hasSource whether there are source attributions
   * @param hasTarget whether there are target attributions
   * @param stepScores each step score's values, by name, in Python's order
   * @param dims the names of the attribution arrays' dimensions
   * @param defaultAggregation the method's default aggregation steps
   * @param method the method's name
   * @param attributedFn the attributed function, or null
   * @param execSeconds the time Python spent, or NaN
   */
  public record Sequence(
      List<String> sourceTokens,
      List<Long> sourceIds,
      List<String> targetTokens,
      List<Long> targetIds,
      int attrPosStart,
      int attrPosEnd,
      boolean hasSource,
      boolean hasTarget,
      Map<String, float[]> stepScores,
      List<String> dims,
      List<Map<String, Object>> defaultAggregation,
      String method,
      String attributedFn,
      double execSeconds) {}

  /**
   * {@code run(model, inputs, targets, method, options)}: one handle per input, each owned by the
   * caller.
   */
  public List<PyHandle> run(
      PyHandle model,
      List<String> inputs,
      List<String> targets,
      String method,
      Map<String, Object> options) {
    List<Object> args = new ArrayList<>();
    args.add(model);
    args.add(inputs);
    args.add(targets);
    args.add(method);
    args.add(options);
    return PyMap.handles(runtime.callWithKeywords(M + "run", args, Map.of()), "attributions");
  }

  /** {@code describe(sequence)}. */
  public Sequence describe(PyHandle sequence) {
    PyMap d = new PyMap(runtime.call(M + "describe", sequence), "attribution");
    Map<String, float[]> scores = new LinkedHashMap<>();
    d.map("stepScores")
        .entries()
        .forEach((k, v) -> scores.put(k, PyMap.floats(v, "step score " + k)));
    List<Map<String, Object>> aggregation = new ArrayList<>();
    for (Object step : d.list("defaultAggregation")) {
      aggregation.add(new PyMap(step, "aggregation step").entries());
    }
    return new Sequence(
        d.strings("sourceTokens"),
        d.longs("sourceIds"),
        d.strings("targetTokens"),
        d.longs("targetIds"),
        d.intValue("attrPosStart"),
        d.intValue("attrPosEnd"),
        Boolean.TRUE.equals(d.raw("hasSource")),
        Boolean.TRUE.equals(d.raw("hasTarget")),
        scores,
        d.strings("dims"),
        aggregation,
        String.valueOf(d.raw("method")),
        d.string("attributedFn"),
        d.map("info").doubleOr("exec_seconds", Double.NaN));
  }

  /** {@code array(sequence, which)} ({@code "source"} or {@code "target"}), zero-copy. */
  public Tensor array(BufferAllocator allocator, PyHandle sequence, String which) {
    return Tensors.call(allocator, runtime, M + "array", sequence, which);
  }
}
