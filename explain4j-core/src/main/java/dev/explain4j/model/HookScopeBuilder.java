package dev.explain4j.model;

import dev.explain4j.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Chooses the hooks of a {@link HookScope}. Get one from {@link Model#hooks()}, name modules with
 * {@link #forward} or {@link #backward} (an exact name or a glob such as {@code
 * model.layers.*.self_attn}), say what to capture from them, then {@link #open()}.
 *
 * <p>After {@code forward(pattern)} or {@code backward(pattern)} the first {@code output(...)} or
 * {@code input(...)} call chooses what those modules capture, and further calls add more values
 * from the same modules; with none, output 0 is captured. Not thread-safe; the scope it opens is.
 */
public final class HookScopeBuilder {
  private final Model model;
  private final Set<HookSpec> specs = new LinkedHashSet<>();
  private List<String> pendingModules = List.of();
  private HookDirection pendingDirection;
  private boolean pendingChosen;

  HookScopeBuilder(Model model) {
    this.model = model;
  }

  /**
   * Hooks the forward pass of the modules matching {@code pattern}.
   *
   * @throws InvalidInputException if no module matches, listing some that exist
   */
  public HookScopeBuilder forward(String pattern) {
    return select(pattern, HookDirection.FORWARD);
  }

  /**
   * Hooks gradients of the modules matching {@code pattern}, captured by {@link Model#backward}.
   *
   * @throws InvalidInputException if no module matches, listing some that exist
   */
  public HookScopeBuilder backward(String pattern) {
    return select(pattern, HookDirection.BACKWARD);
  }

  /** Captures output 0 (the module's tensor, or the first element of a tuple it returns). */
  public HookScopeBuilder output() {
    return output(0);
  }

  /** Captures the output at {@code index} of a module returning a tuple. */
  public HookScopeBuilder output(int index) {
    return choose(HookTarget.OUTPUT, index, null);
  }

  /** Captures positional input 0. */
  public HookScopeBuilder input() {
    return input(0);
  }

  /** Captures the positional input at {@code index}. */
  public HookScopeBuilder input(int index) {
    return choose(HookTarget.INPUT, index, null);
  }

  /** Captures the input argument called {@code name}, passed by keyword or by position. */
  public HookScopeBuilder input(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("an input name is needed");
    }
    return choose(HookTarget.INPUT, 0, name);
  }

  /**
   * Registers the hooks.
   *
   * @throws InvalidInputException if no module was named
   * @throws HookConflictException if another open scope hooks one of the modules in the same
   *     direction
   */
  public HookScope open() {
    flushDefault();
    if (specs.isEmpty()) {
      throw new InvalidInputException(
          "no hooks were asked for on model "
              + model.info().source()
              + "; call forward(...) or"
              + " backward(...) first");
    }
    return model.openScope(new ArrayList<>(specs));
  }

  private HookScopeBuilder select(String pattern, HookDirection direction) {
    flushDefault();
    pendingModules = model.moduleIndex().resolve(pattern);
    pendingDirection = direction;
    pendingChosen = false;
    return this;
  }

  private HookScopeBuilder choose(HookTarget target, int index, String name) {
    if (pendingDirection == null) {
      throw new IllegalStateException("call forward(...) or backward(...) before choosing values");
    }
    if (index < 0) {
      throw new InvalidInputException("a " + target.pythonName() + " index must be >= 0: " + index);
    }
    for (String module : pendingModules) {
      specs.add(new HookSpec(module, pendingDirection, target, index, name));
    }
    pendingChosen = true;
    return this;
  }

  private void flushDefault() {
    if (pendingDirection != null && !pendingChosen) {
      choose(HookTarget.OUTPUT, 0, null);
    }
  }
}
