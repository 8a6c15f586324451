package dev.explain4j.internal;

import dev.explain4j.explain.Explanation;
import dev.explain4j.explain.LabelGradients;
import dev.explain4j.explain.TokenAttention;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** Python module {@code explain4j.explain}: task-preset explain sessions. */
public final class PyExplain {
  private static final String M = "explain4j.explain.";
  private final PythonRuntime runtime;

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

  /** {@code generate(session, input, max_new_tokens=..., num_beams=...)}. */
  public Explanation generate(PyHandle session, String input, int maxNewTokens, int numBeams) {
    Map<String, Object> kw = new LinkedHashMap<>();
    kw.put("max_new_tokens", maxNewTokens);
    kw.put("num_beams", numBeams);
    PyMap m =
        new PyMap(
            runtime.callWithKeywords(M + "generate", List.of(session, input), kw), "explanation");
    List<String> prompt = m.strings("promptTokens");
    List<String> generated = m.strings("generatedTokens");
    TokenAttention attention = null;
    if (m.has("attention")) {
      Floats a = Floats.of(m.map("attention"));
      Floats mean = Floats.of(m.map("attentionMean"));
      List<String> keys =
          Stream.concat(prompt.stream(), generated.stream()).limit(a.dim(3)).toList();
      attention =
          new TokenAttention(
              String.valueOf(m.raw("attentionMethod")),
              keys,
              a.dim(0),
              a.dim(1),
              a.dim(2),
              a.dim(3),
              a.data(),
              mean.data());
    }
    return new Explanation(
        String.valueOf(m.raw("task")),
        String.valueOf(m.raw("promptText")),
        m.ints("promptIds"),
        prompt,
        m.ints("generatedIds"),
        generated,
        m.strings("promptPieces"),
        m.strings("generatedPieces"),
        String.valueOf(m.raw("text")),
        attention);
  }

  /** {@code label_gradients(session, labels)}. */
  public LabelGradients labelGradients(PyHandle session, String labels) {
    PyMap m = new PyMap(runtime.call(M + "label_gradients", session, labels), "label gradients");
    Floats grad = Floats.of(m.map("gradient"));
    Floats block = Floats.of(m.map("blockGradientXInput"));
    return new LabelGradients(
        m.strings("tokens"),
        m.strings("pieces"),
        m.intValue("promptLength"),
        m.doubleValue("loss"),
        grad.dim(1),
        block.dim(0),
        grad.data(),
        Floats.of(m.map("saliency")).data(),
        block.data());
  }

  /** {@code close_session(session)}: forgets the session's state. */
  public void closeSession(PyHandle session) {
    runtime.call(M + "close_session", session);
  }

  /** A row-major float32 array as the Python side sends it: {@code {"shape": [...], "data"}}. */
  private record Floats(int[] shape, float[] data) {
    static Floats of(PyMap m) {
      int[] shape = m.ints("shape").stream().mapToInt(Integer::intValue).toArray();
      if (!(m.raw("data") instanceof byte[] bytes)) {
        throw new dev.explain4j.Explain4jException("float array from Python lacks its bytes");
      }
      float[] data = new float[bytes.length / Float.BYTES];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
      long n = 1;
      for (int d : shape) {
        n *= d;
      }
      if (n != data.length) {
        throw new IllegalArgumentException(
            "shape "
                + java.util.Arrays.toString(shape)
                + " does not hold "
                + data.length
                + " values");
      }
      return new Floats(shape, data);
    }

    int dim(int i) {
      return shape[i];
    }
  }
}
