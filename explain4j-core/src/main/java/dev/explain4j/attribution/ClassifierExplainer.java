package dev.explain4j.attribution;

import dev.explain4j.InvalidInputException;
import dev.explain4j.internal.ModelAccess;
import dev.explain4j.internal.PyAttribution;
import dev.explain4j.model.Model;
import dev.explain4j.runtime.PyHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Explains encoders with a task head, as loaded by {@link Model#load}: sequence classifiers
 * (single- and multi-label), token classifiers, extractive question answering, masked LMs (the
 * prediction at each mask) and zero-shot classification over an NLI model.
 *
 * <pre>{@code
 * try (Classification c = new ClassifierExplainer(model).explain("Great film!", ClassifyOptions.defaults())) {
 *   c.prediction().labels();                 // [positive]
 *   ClassificationView.of(c).ansi(AnsiOptions.fromEnvironment());
 * }
 * }</pre>
 *
 * <p>Many texts go in one call: they are padded and masked together, one forward pass serves every
 * class and token explained, and the objectives' gradients come from batched backward passes. Each
 * {@link Classification} owns its arrays (close it); the allocator must outlive them. Thread-safe:
 * calls go through the model's single interpreter thread.
 */
public final class ClassifierExplainer {
  private final Model model;
  private final BufferAllocator allocator;

  /** Results' arrays are imported into children of one process-wide root allocator. */
  public ClassifierExplainer(Model model) {
    this(model, SharedAllocator.ROOT);
  }

  /** Results' arrays are imported into children of {@code allocator}, which must outlive them. */
  public ClassifierExplainer(Model model, BufferAllocator allocator) {
    this.model = Objects.requireNonNull(model, "model");
    this.allocator = Objects.requireNonNull(allocator, "allocator");
  }

  private static final class SharedAllocator {
    static final BufferAllocator ROOT = new RootAllocator();
  }

  /** Explains one text. */
  public Classification explain(String text, ClassifyOptions options) {
    return single(explain(List.of(text), null, options));
  }

  /** Explains one sentence pair (a question and its context, a premise and a hypothesis). */
  public Classification explain(String text, String pair, ClassifyOptions options) {
    return single(explain(List.of(text), List.of(pair), options));
  }

  private static Classification single(List<Classification> all) {
    if (all.size() != 1) {
      all.forEach(Classification::close);
      throw new InvalidInputException(
          "zero-shot classification gives one explanation per candidate label; call explain(List,"
              + " List, ClassifyOptions)");
    }
    return all.get(0);
  }

  /**
   * Explains several texts, with their second segments ({@code pairs}, one per text, or null).
   * Zero-shot classification returns one explanation per text and candidate label, text-major.
   */
  public List<Classification> explain(
      List<String> texts, List<String> pairs, ClassifyOptions options) {
    if (texts.isEmpty()) {
      throw new InvalidInputException("no texts to explain for model " + model.info().source());
    }
    if (pairs != null && pairs.size() != texts.size()) {
      throw new InvalidInputException(
          texts.size()
              + " texts but "
              + pairs.size()
              + " pairs for model "
              + model.info().source());
    }
    PyAttribution py = new PyAttribution(ModelAccess.runtime(model));
    List<PyHandle> handles =
        py.classify(ModelAccess.handle(model), texts, pairs, options.method(), options.toPython());
    List<Classification> out = new ArrayList<>();
    try {
      AttributionOptions provenance = options.asAttributionOptions();
      for (PyHandle h : handles) {
        Prediction p = prediction(py.prediction(h));
        AttributionResult r = Attributor.read(py, allocator, h, model.info(), provenance);
        out.add(new Classification(p, r));
      }
    } catch (RuntimeException e) {
      out.forEach(Classification::close);
      throw e;
    } finally {
      handles.forEach(PyHandle::close);
    }
    return out;
  }

  private static Prediction prediction(PyAttribution.Prediction p) {
    List<Prediction.TokenLabel> tokens = new ArrayList<>();
    for (PyAttribution.Scored s : p.tags().isEmpty() ? p.fills() : p.tags()) {
      tokens.add(new Prediction.TokenLabel(s.index(), s.name(), s.probability()));
    }
    int[] c = p.answerCharacters();
    return new Prediction(
        p.head(),
        p.labels(),
        p.probabilities(),
        p.answer(),
        c == null ? List.of() : List.of(c[0], c[1]),
        tokens,
        p.wordSpans().stream().map(s -> List.of(s[0], s[1])).toList(),
        p.zeroShotText());
  }
}
