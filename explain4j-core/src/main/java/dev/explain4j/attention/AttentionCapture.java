package dev.explain4j.attention;

import dev.explain4j.InvalidInputException;
import dev.explain4j.internal.ModelAccess;
import dev.explain4j.internal.PyCapture;
import dev.explain4j.model.GenerationResult;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelInfo;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.tensor.Tensor;
import dev.explain4j.tokenize.TokenLabels;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Every layer's and head's attention weights from one forward pass, held in Java as zero-copy
 * tensors, with tokens in their display form. For a causal model, capture the prompt and the
 * generated tokens together: row {@code t} is what generation step {@code t} saw, so nothing is
 * re-run per step.
 *
 * <p>The capture owns its tensors: the {@link AttentionMaps} it returns read their memory directly
 * and are valid only until {@link #close()}. The allocator must outlive the capture.
 */
public final class AttentionCapture implements AutoCloseable {
  private final List<Tensor> tensors;
  private final List<AttentionMaps> maps;
  private final List<String> kinds;
  private final String implementation;
  private final ModelInfo provenance;

  private AttentionCapture(
      List<Tensor> tensors,
      List<AttentionMaps> maps,
      List<String> kinds,
      String implementation,
      ModelInfo provenance) {
    this.tensors = tensors;
    this.maps = List.copyOf(maps);
    this.kinds = List.copyOf(kinds);
    this.implementation = implementation;
    this.provenance = provenance;
  }

  /** Captures the attention of one pass over {@code text}. */
  public static AttentionCapture of(BufferAllocator allocator, Model model, String text) {
    Objects.requireNonNull(text, "text");
    return run(allocator, model, py -> py.captureText(ModelAccess.handle(model), text));
  }

  /** Captures the attention of one pass over a generated or forced sequence. */
  public static AttentionCapture of(
      BufferAllocator allocator, Model model, GenerationResult sequence) {
    Objects.requireNonNull(sequence, "sequence");
    return run(allocator, model, py -> py.capture(ModelAccess.handle(model), sequence));
  }

  private static AttentionCapture run(
      BufferAllocator allocator, Model model, Function<PyCapture, PyHandle> pass) {
    PyCapture py = new PyCapture(ModelAccess.runtime(model));
    Path dir = Path.of(model.info().location());
    List<Tensor> tensors = new ArrayList<>();
    try (PyHandle captured = pass.apply(py)) {
      PyCapture.Captured described = py.describe(captured);
      List<AttentionMaps> maps = new ArrayList<>();
      List<String> kinds = new ArrayList<>();
      for (int i = 0; i < described.sets().size(); i++) {
        PyCapture.AttentionSet set = described.sets().get(i);
        List<FloatBuffer> layers = new ArrayList<>();
        for (int l = 0; l < set.layers(); l++) {
          Tensor t = py.tensor(allocator, captured, i, l);
          tensors.add(t);
          layers.add(t.asFloatBuffer());
        }
        maps.add(
            AttentionMaps.overLayers(
                layers,
                set.heads(),
                set.queries(),
                set.keys(),
                TokenLabels.display(dir, set.queryIds(), set.queryTokens()),
                TokenLabels.display(dir, set.keyIds(), set.keyTokens()),
                set.label()));
        kinds.add(set.kind());
      }
      return new AttentionCapture(tensors, maps, kinds, described.implementation(), model.info());
    } catch (RuntimeException e) {
      tensors.forEach(Tensor::close);
      throw e;
    }
  }

  /** The captured sets: one for decoder-only and encoder-only models, three for encoder-decoder. */
  public List<AttentionMaps> maps() {
    return maps;
  }

  /** The set of one kind: {@code "encoder"}, {@code "decoder"} or {@code "cross"}. */
  public AttentionMaps get(String kind) {
    int i = kinds.indexOf(kind);
    if (i < 0) {
      throw new InvalidInputException(
          "no " + kind + " attention in this capture; it has " + String.join(", ", kinds));
    }
    return maps.get(i);
  }

  /** The attention implementation the pass used, for example {@code "eager"}. */
  public String implementation() {
    return implementation;
  }

  /** The model the weights came from. */
  public ModelInfo provenance() {
    return provenance;
  }

  /** Releases the tensors; the maps are invalid afterwards. Idempotent. */
  @Override
  public void close() {
    tensors.forEach(Tensor::close);
  }
}
