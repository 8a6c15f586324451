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

  /**
   * {@code classify(model, texts, pairs, method, options)}: one handle per explained text (per text
   * and candidate label for zero-shot), each owned by the caller.
   */
  public List<PyHandle> classify(
      PyHandle model,
      List<String> texts,
      List<String> pairs,
      String method,
      Map<String, Object> options) {
    List<Object> args = new ArrayList<>();
    args.add(model);
    args.add(texts);
    args.add(pairs);
    args.add(method);
    args.add(options);
    return PyMap.handles(runtime.callWithKeywords(M + "classify", args, Map.of()), "explanations");
  }

  /**
   * What {@code prediction(sequence)} says a task head predicted for one text.
   *
   * @param head {@code sequence_classification}, {@code token_classification}, {@code
   *     question_answering} or {@code masked_lm}
   * @param labels the predicted (or explained) labels; the answer for question answering; the
   *     candidate label for zero-shot classification
   * @param probabilities probabilities by label (every class, every candidate, or the answer's)
   * @param answer the answer's text, or null
   * @param answerCharacters the answer's {@code [start, end)} characters in the context, or null
   * @param tags token classification: {@code (token index, label, probability)} per token
   * @param fills masked LM: {@code (mask index, token, probability)} per mask
   * @param wordSpans {@code [start, end)} token spans of words of two or more tokens
   * @param zeroShotText zero-shot: the index of the text among the inputs, else -1
   */
  public record Prediction(
      String head,
      List<String> labels,
      Map<String, Double> probabilities,
      String answer,
      int[] answerCharacters,
      List<Scored> tags,
      List<Scored> fills,
      List<int[]> wordSpans,
      int zeroShotText) {}

  /**
   * One token's prediction.
   *
   * @param index the token's position
   * @param name its label (or, for masks, the predicted token)
   * @param probability the label's probability
   */
  public record Scored(int index, String name, double probability) {}

  /** {@code prediction(sequence)}. */
  public Prediction prediction(PyHandle sequence) {
    PyMap d = new PyMap(runtime.call(M + "prediction", sequence), "prediction");
    Map<String, Double> probs = new LinkedHashMap<>();
    d.map("probabilities").entries().forEach((k, v) -> probs.put(k, ((Number) v).doubleValue()));
    int[] chars = null;
    if (d.raw("answerCharacters") != null) {
      List<Integer> c = d.ints("answerCharacters");
      chars = new int[] {c.get(0), c.get(1)};
    }
    List<int[]> spans = new ArrayList<>();
    for (Object o : d.list("wordSpans")) {
      List<?> p = PyMap.list(o, "word span");
      spans.add(new int[] {((Number) p.get(0)).intValue(), ((Number) p.get(1)).intValue()});
    }
    return new Prediction(
        d.string("head"),
        d.strings("labels"),
        probs,
        d.raw("answer") == null ? null : d.string("answer"),
        chars,
        triples(d.list("tags")),
        triples(d.list("fills")),
        spans,
        d.intOr("zeroShotText", -1));
  }

  private static List<Scored> triples(List<?> rows) {
    List<Scored> out = new ArrayList<>();
    for (Object o : rows) {
      List<?> p = PyMap.list(o, "prediction row");
      out.add(
          new Scored(
              ((Number) p.get(0)).intValue(),
              String.valueOf(p.get(1)),
              ((Number) p.get(2)).doubleValue()));
    }
    return out;
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
