package dev.explain4j.internal;

import dev.explain4j.model.Capture;
import dev.explain4j.model.HookConflictException;
import dev.explain4j.model.HookDirection;
import dev.explain4j.model.HookTarget;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonException;
import dev.explain4j.runtime.PythonRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Python module {@code explain4j.hooks}: hook scopes and what they captured. Python owns the hook
 * claims (which open scope hooks which module in which direction); its {@code HookConflict} becomes
 * {@link HookConflictException} here.
 */
public final class PyHooks {
  private static final String M = "explain4j.hooks.";
  private static final String CONFLICT = "explain4j.hooks.HookConflict";
  private final PythonRuntime runtime;

  public PyHooks(PythonRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /**
   * {@code open_scope(model, specs)}: the scope's handle, owned by the caller.
   *
   * @throws HookConflictException if another open scope hooks one of the modules in the same
   *     direction
   */
  public PyHandle openScope(PyHandle model, List<Map<String, Object>> specs) {
    Object scope;
    try {
      scope = runtime.call(M + "open_scope", model, specs);
    } catch (PythonException e) {
      if (CONFLICT.equals(e.pythonType())) {
        throw new HookConflictException(e.pythonMessage(), e);
      }
      throw e;
    }
    return PyMap.handle(scope, "a hook scope");
  }

  /** {@code clear(scope)}: releases the values captured so far. */
  public void clear(PyHandle scope) {
    runtime.call(M + "clear", scope);
  }

  /** {@code close_scope(scope)}: removes the hooks. */
  public void closeScope(PyHandle scope) {
    runtime.call(M + "close_scope", scope);
  }

  /** {@code take(scope, start)}: the captures from arrival number {@code start} on. */
  public List<Capture> take(PyHandle scope, int start) {
    List<Capture> out = new ArrayList<>();
    for (Object o : PyMap.list(runtime.call(M + "take", scope, start), "captures")) {
      PyMap m = new PyMap(o, "capture");
      out.add(
          new Capture(
              m.intValue("seq"),
              m.string("module"),
              HookDirection.valueOf(m.string("direction").toUpperCase(Locale.ROOT)),
              HookTarget.valueOf(m.string("what").toUpperCase(Locale.ROOT)),
              m.intValue("call"),
              m.longs("shape"),
              m.string("dtype"),
              PyMap.handle(m.raw("tensor"), "captured tensor")));
    }
    return out;
  }
}
