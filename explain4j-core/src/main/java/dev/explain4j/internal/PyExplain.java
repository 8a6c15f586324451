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

/**
 * Python module {@code explain4j.explain}: task-preset explain sessions. Results cross in two
 * parts: a description (ids, tokens, text, provenance, array shapes) and each float32 array through
 * the Arrow tensor bridge ({@link #array}).
 */
public final class PyExplain {
  private static final String M = "explain4j.explain.";
  private final PythonRuntime runtime;

  /**
   * One generation without its arrays.
   *
   * @param arrays the shape of each array the generation holds ({@code attention}, {@code
   *     attentionMean}), in Python's order; empty when attention was not captured
   */
  public record Generation(
      String task,
      String promptText,
      List<Integer> promptIds,
      List<String> promptTokens,
      List<Integer> generatedIds,
      List<String> generatedTokens,
      List<String> promptPieces,
      List<String> generatedPieces,
      String text,
      String attentionMethod,
      Map<String, int[]> arrays,
      String explain4jVersion,
      double engineSeconds) {}

  /**
   * One label-gradient result without its arrays.
   *
   * @param arrays the shape of {@code gradient}, {@code saliency} and {@code blockGradientXInput}
   */
  public record Gradients(
      List<String> tokens,
      List<String> pieces,
      int promptLength,
      double loss,
      Map<String, int[]> arrays,
      String explain4jVersion,
      double engineSeconds) {}

  public PyExplain(PythonRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /**
   * {@code open_session(model, task, captures, assistant)}: the session's handle, owned by the
   * caller. {@code assistant} is another model's handle, or null.
   */
  public PyHandle openSession(
      PyHandle model, Map<String, Object> task, List<String> captures, PyHandle assistant) {
    List<Object> names = new ArrayList<>(captures);
    Object h = runtime.call(M + "open_session", model, task, names, assistant);
    return PyMap.handle(h, "an explain session");
  }

  /** {@code generate_for_java(session, input, max_new_tokens=..., num_beams=...)}. */
  public Generation generate(PyHandle session, String input, int maxNewTokens, int numBeams) {
    Map<String, Object> kw = new LinkedHashMap<>();
    kw.put("max_new_tokens", maxNewTokens);
    kw.put("num_beams", numBeams);
    PyMap m =
        new PyMap(
            runtime.callWithKeywords(M + "generate_for_java", List.of(session, input), kw),
            "explanation");
    return new Generation(
        m.string("task"),
        m.string("promptText"),
        m.ints("promptIds"),
        m.strings("promptTokens"),
        m.ints("generatedIds"),
        m.strings("generatedTokens"),
        m.strings("promptPieces"),
        m.strings("generatedPieces"),
        m.string("text"),
        m.has("attentionMethod") ? m.string("attentionMethod") : null,
        shapes(m.map("arrays")),
        m.string("explain4jVersion"),
        m.doubleValue("engineSeconds"));
  }

  /** {@code label_gradients_for_java(session, labels)}. */
  public Gradients labelGradients(PyHandle session, String labels) {
    PyMap m =
        new PyMap(runtime.call(M + "label_gradients_for_java", session, labels), "label gradients");
    return new Gradients(
        m.strings("tokens"),
        m.strings("pieces"),
        m.intValue("promptLength"),
        m.doubleValue("loss"),
        shapes(m.map("arrays")),
        m.string("explain4jVersion"),
        m.doubleValue("engineSeconds"));
  }

  /**
   * {@code array(session, which, name)}: one float32 array of the session's last {@code
   * "generation"} or {@code "gradients"} result, imported zero-copy into {@code allocator}; the
   * caller owns the tensor.
   */
  public Tensor array(BufferAllocator allocator, PyHandle session, String which, String name) {
    return Tensors.call(allocator, runtime, M + "array", session, which, name);
  }

  /** {@code close_session(session)}: forgets the session's state. */
  public void closeSession(PyHandle session) {
    runtime.call(M + "close_session", session);
  }

  private static Map<String, int[]> shapes(PyMap arrays) {
    Map<String, int[]> out = new LinkedHashMap<>();
    arrays
        .entries()
        .forEach(
            (name, shape) ->
                out.put(
                    name,
                    PyMap.list(shape, "array shape").stream()
                        .mapToInt(d -> ((Number) d).intValue())
                        .toArray()));
    return out;
  }
}
