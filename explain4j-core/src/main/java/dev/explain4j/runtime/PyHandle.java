package dev.explain4j.runtime;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A reference to a Python object that stays in Python (a model, a tensor, a tokenizer). Owned by
 * whoever received it: close it to let Python free the object. Pass it back as an argument to a
 * {@link PythonRuntime} call to use the object. Closing the runtime releases every handle.
 */
public final class PyHandle implements AutoCloseable {
  private final long id;
  private final String pythonType;
  private final PythonRuntime runtime;
  private final AtomicBoolean closed = new AtomicBoolean();

  PyHandle(long id, String pythonType, PythonRuntime runtime) {
    this.id = id;
    this.pythonType = pythonType;
    this.runtime = runtime;
  }

  /** The handle's id in the Python-side registry. */
  public long id() {
    return id;
  }

  /** The Python object's type, for example {@code torch.Tensor}. */
  public String pythonType() {
    return pythonType;
  }

  /** The runtime that holds the object; calls that use this handle must go through it. */
  public PythonRuntime runtime() {
    return runtime;
  }

  /** True once closed, or once its runtime closed. */
  public boolean isClosed() {
    return closed.get() || runtime.isClosed();
  }

  /** Releases the Python object. Idempotent; a no-op after the runtime closed. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      runtime.release(id);
    }
  }

  @Override
  public String toString() {
    return "PyHandle[" + id + ", " + pythonType + (isClosed() ? ", closed]" : "]");
  }
}
