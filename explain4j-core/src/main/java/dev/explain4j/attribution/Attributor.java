package dev.explain4j.attribution;

import dev.explain4j.InvalidInputException;
import dev.explain4j.internal.ModelAccess;
import dev.explain4j.internal.PyAttribution;
import dev.explain4j.model.Model;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import dev.explain4j.tensor.Tensor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Feature attribution for generation over a {@link Model}, with Inseq's methods, defaults and
 * layout. One forward pass serves every generation step and the per-step gradients are batched; the
 * raw tensors come to Java once (zero-copy), and aggregation happens in Java.
 *
 * <p>Each {@link AttributionResult} it returns owns its granular arrays: read-only views of the
 * engine's NumPy memory, each imported into its own child of the Arrow allocator given here (or of
 * one process-wide root allocator). Close every result; the allocator must outlive them.
 *
 * <p>Thread-safe: calls go through the model's single interpreter thread.
 */
public final class Attributor {
  private final Model model;
  private final BufferAllocator allocator;

  /** Results' arrays are imported into children of one process-wide root allocator. */
  public Attributor(Model model) {
    this(model, SharedAllocator.ROOT);
  }

  /** Results' arrays are imported into children of {@code allocator}, which must outlive them. */
  public Attributor(Model model, BufferAllocator allocator) {
    this.model = Objects.requireNonNull(model, "model");
    this.allocator = Objects.requireNonNull(allocator, "allocator");
  }

  private static final class SharedAllocator {
    static final BufferAllocator ROOT = new RootAllocator();
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
    PythonRuntime runtime = ModelAccess.runtime(model);
    MethodCatalog.of(runtime).check(options);
    PyAttribution py = new PyAttribution(runtime);
    List<PyHandle> handles =
        py.run(ModelAccess.handle(model), inputs, targets, options.method(), options.toPython());
    List<AttributionResult> out = new ArrayList<>();
    try {
      for (PyHandle h : handles) {
        out.add(read(py, allocator, h, model.info(), options));
      }
    } catch (RuntimeException e) {
      out.forEach(AttributionResult::close);
      throw e;
    } finally {
      handles.forEach(PyHandle::close);
    }
    return out;
  }

  /**
   * Reads one engine result into a result that owns its arrays, imported into children of {@code
   * allocator}.
   */
  static AttributionResult read(
      PyAttribution py,
      BufferAllocator allocator,
      PyHandle seq,
      dev.explain4j.model.ModelInfo info,
      AttributionOptions options) {
    PyAttribution.Sequence d = py.describe(seq);
    ScoreArray source = d.hasSource() ? array(py, allocator, seq, "source") : null;
    ScoreArray target;
    try {
      target = d.hasTarget() ? array(py, allocator, seq, "target") : null;
    } catch (RuntimeException e) {
      if (source != null) {
        source.release();
      }
      throw e;
    }
    AttributionProvenance provenance =
        new AttributionProvenance(
            info, d.method(), d.attributedFn(), options, Instant.now(), d.execSeconds());
    return new AttributionResult(
        d.sourceTokens(),
        d.sourceIds(),
        d.targetTokens(),
        d.targetIds(),
        d.attrPosStart(),
        d.attrPosEnd(),
        source,
        target,
        d.stepScores(),
        d.dims(),
        d.defaultAggregation(),
        provenance);
  }

  /** Imports one granular array, zero-copy, into a child allocator the array then owns. */
  private static ScoreArray array(
      PyAttribution py, BufferAllocator allocator, PyHandle seq, String which) {
    BufferAllocator child = allocator.newChildAllocator("attribution " + which, 0, Long.MAX_VALUE);
    Tensor t = null;
    try {
      t = py.array(child, seq, which);
      return ScoreArray.view(t, child);
    } catch (RuntimeException e) {
      if (t != null) {
        t.close();
      }
      child.close();
      throw e;
    }
  }
}
