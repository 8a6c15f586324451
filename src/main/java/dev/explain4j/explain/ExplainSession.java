package dev.explain4j.explain;

import dev.explain4j.Explain4jException;
import dev.explain4j.InvalidInputException;
import dev.explain4j.internal.ModelAccess;
import dev.explain4j.internal.PyExplain;
import dev.explain4j.model.GenerationOptions;
import dev.explain4j.model.Model;
import dev.explain4j.runtime.PyHandle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
 */
public final class ExplainSession implements AutoCloseable {
  private final Model model;
  private final Task task;
  private final Set<Capture> captures;
  private final PyHandle handle;
  private final PyExplain py;
  private Explanation last;
  private boolean closed;

  private ExplainSession(
      Model model, Task task, Set<Capture> captures, PyExplain py, PyHandle handle) {
    this.model = model;
    this.py = py;
    this.task = task;
    this.captures = captures;
    this.handle = handle;
  }

  /**
   * Opens the model's session.
   *
   * @throws InvalidInputException if the model already has an open session, is encoder-only, or a
   *     chat task meets a tokenizer without a chat template (the message names the model)
   */
  public static ExplainSession open(Model model, Task task, Set<Capture> captures) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(task, "task");
    Set<Capture> set =
        captures.isEmpty() ? EnumSet.noneOf(Capture.class) : EnumSet.copyOf(captures);
    List<String> names = new ArrayList<>();
    set.forEach(c -> names.add(c.pythonName()));
    PyHandle assistant = task.assistant() == null ? null : ModelAccess.handle(task.assistant());
    PyExplain py = new PyExplain(ModelAccess.runtime(model));
    PyHandle h = py.openSession(ModelAccess.handle(model), task.toPython(), names, assistant);
    return new ExplainSession(model, task, Set.copyOf(set), py, h);
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
    last = py.generate(handle, input, options.maxNewTokens(), options.numBeams());
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
    return py.labelGradients(handle, labels);
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
