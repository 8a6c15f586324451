package dev.explain4j.internal;

import dev.explain4j.model.Model;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import java.util.Objects;

/**
 * Reaches the Python side of a {@link Model} (its runtime and its handle) from other packages
 * without making it public API. {@link Model} installs the accessor when its class initializes.
 */
public final class ModelAccess {
  /** What {@link Model} exposes to the boundary layer. */
  public interface Accessor {
    /** The runtime the model was loaded through. */
    PythonRuntime runtime(Model model);

    /** The model's Python handle; throws if the model is closed. */
    PyHandle handle(Model model);
  }

  private static volatile Accessor accessor;

  private ModelAccess() {}

  /**
   * Called once, by {@link Model}'s static initializer.
   *
   * @throws IllegalStateException when an accessor is already installed
   */
  public static synchronized void install(Accessor a) {
    if (accessor != null) {
      throw new IllegalStateException("the model accessor is already installed");
    }
    accessor = Objects.requireNonNull(a, "accessor");
  }

  /** The runtime {@code model} was loaded through. */
  public static PythonRuntime runtime(Model model) {
    return accessor().runtime(Objects.requireNonNull(model, "model"));
  }

  /** The handle of {@code model}'s Python object, owned by the model. */
  public static PyHandle handle(Model model) {
    return accessor().handle(Objects.requireNonNull(model, "model"));
  }

  private static Accessor accessor() {
    Accessor a = accessor;
    if (a == null) {
      try {
        Class.forName(Model.class.getName(), true, Model.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      a = accessor;
    }
    return a;
  }
}
