package dev.explain4j.internal;

import dev.explain4j.model.ForwardResult;
import dev.explain4j.model.GenerationOptions;
import dev.explain4j.model.GenerationResult;
import dev.explain4j.model.ModelInfo;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Python module {@code explain4j.generation}: generation, forcing, forward and backward passes. */
public final class PyGeneration {
  private static final String M = "explain4j.generation.";
  private final PythonRuntime runtime;

  public PyGeneration(PythonRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /** {@code generate(model, input, **keywords)}. */
  public GenerationResult generate(
      PyHandle model,
      String input,
      Map<String, Object> keywords,
      GenerationOptions options,
      ModelInfo info) {
    Object r = runtime.callWithKeywords(M + "generate", List.of(model, input), keywords);
    return generation(r, input, false, options, info);
  }

  /** {@code force(model, input, target=... | target_ids=..., chat=..., truncate=...)}. */
  public GenerationResult force(
      PyHandle model,
      String input,
      Map<String, Object> keywords,
      GenerationOptions options,
      ModelInfo info) {
    Object r = runtime.callWithKeywords(M + "force", List.of(model, input), keywords);
    return generation(r, input, true, options, info);
  }

  /** {@code forward_text(model, text)}. */
  public ForwardResult forwardText(PyHandle model, String text, ModelInfo info) {
    return pass(runtime.call(M + "forward_text", model, text), false, info);
  }

  /** {@code forward(model, prompt_ids=..., decoder_start_ids=..., generated_ids=...)}. */
  public ForwardResult forward(PyHandle model, GenerationResult sequence, ModelInfo info) {
    Object r = runtime.callWithKeywords(M + "forward", List.of(model), ids(sequence));
    return pass(r, false, info);
  }

  /** {@code backward(model, prompt_ids=..., decoder_start_ids=..., generated_ids=...)}. */
  public ForwardResult backward(PyHandle model, GenerationResult sequence, ModelInfo info) {
    Object r = runtime.callWithKeywords(M + "backward", List.of(model), ids(sequence));
    return pass(r, true, info);
  }

  /** The keywords that name a sequence's ids, as the Python side takes them. */
  static Map<String, Object> ids(GenerationResult sequence) {
    return Map.of(
        "prompt_ids", sequence.promptIds(),
        "decoder_start_ids", sequence.decoderStartIds(),
        "generated_ids", sequence.generatedIds());
  }

  private static GenerationResult generation(
      Object value, String input, boolean forced, GenerationOptions options, ModelInfo info) {
    PyMap p = new PyMap(value, "generation result");
    return new GenerationResult(
        input,
        info.kind(),
        p.ints("promptIds"),
        p.strings("promptTokens"),
        p.ints("decoderStartIds"),
        p.ints("generatedIds"),
        p.strings("generatedTokens"),
        p.string("text"),
        forced,
        p.bool("stoppedAtEos"),
        p.bool("chatTemplate"),
        p.intOr("droppedTokens", 0),
        options,
        info);
  }

  private static ForwardResult pass(Object value, boolean withGradients, ModelInfo info) {
    PyMap p = new PyMap(value, "forward result");
    return new ForwardResult(
        p.ints("inputIds"),
        p.strings("inputTokens"),
        p.ints("decoderIds"),
        p.optionalDouble("loss"),
        withGradients,
        info);
  }
}
