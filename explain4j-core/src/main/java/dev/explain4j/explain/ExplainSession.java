package dev.explain4j.explain;

import dev.explain4j.Explain4jException;
import dev.explain4j.InvalidInputException;
import dev.explain4j.internal.ModelAccess;
import dev.explain4j.internal.PyExplain;
import dev.explain4j.model.GenerationOptions;
import dev.explain4j.model.Model;
import dev.explain4j.runtime.PyHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A scoped explanation of a model's generation for one task.
 *
 * <pre>{@code
 * try (ExplainSession s =
 *     ExplainSession.open(model, Task.QA, EnumSet.of(Capture.ATTENTION, Capture.GRADIENT))) {
 *   Explanation out = s.generate("What is the capital of France?");
 *   LabelGradients g = s.compute("Paris");
 * }
 * }</pre>
 *
 * <p>Only one session may be open on a model at a time; opening a second throws. Generation is
 * greedy; beam search is refused. Hooks exist only while {@link #generate} runs, and {@link
 * #close()} forgets every result held on the Python side.
 *
 * <p>Every result carries an {@link ExplainProvenance}. Its float arrays (attention, gradients)
 * cross from Python once, as Arrow tensors imported into a child of the session's allocator, and
 * are copied onto the Java heap at once; the Arrow memory is released before {@link #generate} or
 * {@link #compute} returns, so results own their values and need no closing.
 */
public final class ExplainSession implements AutoCloseable {
  private final Model model;
  private final Task task;
  private final Set<Capture> captures;
  private final PyHandle handle;
  private final PyExplain py;
  private final ExplainArrays arrays;
  private Explanation last;
  private boolean closed;

  private ExplainSession(
      Model model,
      Task task,
      Set<Capture> captures,
      PyExplain py,
      PyHandle handle,
      BufferAllocator allocator) {
    this.model = model;
    this.py = py;
    this.task = task;
    this.captures = captures;
    this.handle = handle;
    this.arrays = new ExplainArrays(py, allocator, handle);
  }

  /** Arrays are imported into children of one process-wide root allocator. */
  private static final class SharedAllocator {
    static final BufferAllocator ROOT = new RootAllocator();
  }

  /**
   * Opens the model's session.
   *
   * @throws InvalidInputException if the model already has an open session, is encoder-only, or a
   *     chat task meets a tokenizer without a chat template (the message names the model)
   */
  public static ExplainSession open(Model model, Task task, Set<Capture> captures) {
    return open(model, task, captures, SharedAllocator.ROOT);
  }

  /**
   * Opens the model's session; result arrays cross through children of {@code allocator}, which
   * must outlive the session (each child is closed before its result returns).
   *
   * @throws InvalidInputException as {@link #open(Model, Task, Set)}
   */
  public static ExplainSession open(
      Model model, Task task, Set<Capture> captures, BufferAllocator allocator) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(allocator, "allocator");
    Objects.requireNonNull(task, "task");
    Set<Capture> set =
        captures.isEmpty() ? EnumSet.noneOf(Capture.class) : EnumSet.copyOf(captures);
    List<String> names = new ArrayList<>();
    set.forEach(c -> names.add(c.pythonName()));
    PyHandle assistant = task.assistant() == null ? null : ModelAccess.handle(task.assistant());
    PyExplain py = new PyExplain(ModelAccess.runtime(model));
    PyHandle h = py.openSession(ModelAccess.handle(model), task.toPython(), names, assistant);
    return new ExplainSession(model, task, Set.copyOf(set), py, h, allocator);
  }

  /** The session's task preset. */
  public Task task() {
    return task;
  }

  /** What the session captures. */
  public Set<Capture> captures() {
    return captures;
  }

  /** Greedy generation of up to 20 tokens. */
  public Explanation generate(String input) {
    return generate(input, GenerationOptions.defaults());
  }

  /**
   * Builds the task's prompt from {@code input} and generates greedily. Only {@code maxNewTokens}
   * and {@code numBeams} of the options apply; sampling options are refused.
   *
   * @throws InvalidInputException if the options ask for sampling, or the input gives no tokens
   */
  public Explanation generate(String input, GenerationOptions options) {
    Objects.requireNonNull(input, "input");
    checkOpen();
    if (options.doSample()) {
      throw new InvalidInputException(
          "explain sessions generate greedily; sampling was asked for on model " + source());
    }
    PyExplain.Generation g = py.generate(handle, input, options.maxNewTokens(), options.numBeams());
    TokenAttention attention = null;
    int[] shape = g.arrays().get("attention");
    if (shape != null) {
      List<String> keys =
          Stream.concat(g.promptTokens().stream(), g.generatedTokens().stream())
              .limit(shape[3])
              .toList();
      attention =
          new TokenAttention(
              g.attentionMethod(),
              keys,
              shape[0],
              shape[1],
              shape[2],
              shape[3],
              arrays.read("generation", "attention", shape),
              arrays.read("generation", "attentionMean", g.arrays().get("attentionMean")));
    }
    last =
        new Explanation(
            g.task(),
            g.promptText(),
            g.promptIds(),
            g.promptTokens(),
            g.generatedIds(),
            g.generatedTokens(),
            g.promptPieces(),
            g.generatedPieces(),
            g.text(),
            attention,
            provenance(options, null, g.explain4jVersion(), g.engineSeconds()));
    return last;
  }

  /** The last generation, or null before the first. */
  public Explanation last() {
    return last;
  }

  /**
   * Teacher-forced gradients of {@code labels} (the ground truth) after the last prompt.
   *
   * @throws InvalidInputException if nothing was generated yet, the session does not capture
   *     gradients, the model is not decoder-only, or the labels give no tokens
   */
  public LabelGradients compute(String labels) {
    Objects.requireNonNull(labels, "labels");
    checkOpen();
    if (!captures.contains(Capture.GRADIENT)) {
      throw new InvalidInputException(
          "this explain session on model " + source() + " was opened without Capture.GRADIENT");
    }
    PyExplain.Gradients g = py.labelGradients(handle, labels);
    int[] grad = g.arrays().get("gradient");
    int[] block = g.arrays().get("blockGradientXInput");
    GenerationOptions options =
        last == null ? GenerationOptions.defaults() : last.provenance().options();
    return new LabelGradients(
        g.tokens(),
        g.pieces(),
        g.promptLength(),
        g.loss(),
        grad[1],
        block[0],
        arrays.read("gradients", "gradient", grad),
        arrays.read("gradients", "saliency", g.arrays().get("saliency")),
        arrays.read("gradients", "blockGradientXInput", block),
        provenance(options, labels, g.explain4jVersion(), g.engineSeconds()));
  }

  private ExplainProvenance provenance(
      GenerationOptions options, String labels, String version, double seconds) {
    Map<String, String> preset = new LinkedHashMap<>();
    task.toPython().forEach((k, v) -> preset.put(k, String.valueOf(v)));
    preset.remove("name");
    if (task.assistant() != null) {
      preset.put("assistant", task.assistant().info().source());
    }
    return new ExplainProvenance(
        model.info(),
        task.kind(),
        preset,
        captures,
        options,
        labels,
        version,
        Instant.now(),
        seconds);
  }

  /** True once closed. */
  public boolean isClosed() {
    return closed;
  }

  /** Forgets the session's state so another can open; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!handle.isClosed()) {
        py.closeSession(handle);
      }
    } finally {
      handle.close();
    }
  }

  private String source() {
    return model.info().source();
  }

  private void checkOpen() {
    if (closed) {
      throw new Explain4jException("the explain session on model " + source() + " is closed");
    }
  }
}
