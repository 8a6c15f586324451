package dev.explain4j.model;

import dev.explain4j.Explain4jException;
import dev.explain4j.InvalidInputException;
import dev.explain4j.runtime.PyHandle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Hooks registered on a model's modules, removed when the scope closes. Open one with {@link
 * Model#hooks()}:
 *
 * <pre>{@code
 * try (HookScope scope = model.hooks().forward("model.layers.*.mlp").output().open()) {
 *   model.forward("The capital of France is");
 *   List<Capture> mlpOutputs = scope.captured("model.layers.1.mlp");
 * }
 * }</pre>
 *
 * <p>Captures accumulate over every pass run while the scope is open (generation runs one pass per
 * step), in the order they arrived. The scope owns the captured values: {@link #clear()} and {@link
 * #close()} release them. A module can be hooked in one direction by one open scope at a time;
 * opening a second such scope throws {@link HookConflictException}. Thread-safe.
 */
public final class HookScope implements AutoCloseable {
  private final Model model;
  private final PyHandle scope;
  private final List<HookSpec> specs;
  private final List<Capture> captures = new ArrayList<>();
  private boolean closed;

  HookScope(Model model, PyHandle scope, List<HookSpec> specs) {
    this.model = model;
    this.scope = scope;
    this.specs = List.copyOf(specs);
  }

  List<HookSpec> specs() {
    return specs;
  }

  /** The names of the hooked modules, in the model's order. */
  public List<String> modules() {
    return List.copyOf(new LinkedHashSet<>(specs.stream().map(HookSpec::module).toList()));
  }

  /** Every value captured since the scope opened (or was last cleared), in arrival order. */
  public synchronized List<Capture> captured() {
    sync();
    return List.copyOf(captures);
  }

  /**
   * The values captured on one module, in arrival order.
   *
   * @throws InvalidInputException if this scope does not hook that module
   */
  public List<Capture> captured(String module) {
    if (!modules().contains(module)) {
      throw new InvalidInputException(
          "hook scope on model "
              + model.info().source()
              + " does not hook "
              + module
              + "; it hooks "
              + modules());
    }
    return captured().stream().filter(c -> c.module().equals(module)).toList();
  }

  /** The values captured on one module in one direction and for one target, in arrival order. */
  public List<Capture> captured(String module, HookDirection direction, HookTarget target) {
    return captured(module).stream()
        .filter(c -> c.direction() == direction && c.target() == target)
        .toList();
  }

  /** Releases the values captured so far; hooks stay registered. */
  public synchronized void clear() {
    checkOpen();
    model.pyHooks().clear(scope);
    captures.forEach(c -> c.value().close());
    captures.clear();
  }

  /** True until {@link #close()}. */
  public synchronized boolean isOpen() {
    return !closed;
  }

  /** Removes the hooks and releases the captured values. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!scope.isClosed()) {
        model.pyHooks().closeScope(scope);
      }
    } finally {
      captures.forEach(c -> c.value().close());
      captures.clear();
      scope.close();
      model.forget(this);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new Explain4jException(
          "this hook scope on model " + model.info().source() + " is closed");
    }
  }

  private void sync() {
    checkOpen();
    captures.addAll(model.pyHooks().take(scope, captures.size()));
  }
}
