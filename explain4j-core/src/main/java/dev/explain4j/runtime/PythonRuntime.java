package dev.explain4j.runtime;

import dev.explain4j.Explain4jException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The one owner of CPython embedded in this JVM.
 *
 * <p>A dedicated interpreter thread holds a Jep {@code SharedInterpreter}; every call, from any
 * Java thread, is handed to that thread and waited for, so this class is safe to use from many
 * threads. Calls made from the interpreter thread itself (Python calling back into Java) run
 * directly.
 *
 * <p>Values cross as plain data: {@code null}, booleans, numbers, strings, byte arrays, lists and
 * maps of those. Any other Python object comes back as a {@link PyHandle}, which can be passed back
 * as an argument and must be closed. A Python exception becomes a {@link PythonException} (or an
 * {@link dev.explain4j.InvalidInputException} when Python reports bad input) and the runtime stays
 * usable.
 *
 * <p>Python cannot end the JVM through an exception: {@code SystemExit} ({@code sys.exit}), {@code
 * KeyboardInterrupt}, {@code GeneratorExit} and any other {@code BaseException} that is not an
 * {@code Exception} become a {@link PythonException} like any other error, with the Python type
 * ({@code "SystemExit"}, and the exit code in the message). What no embedding can catch still ends
 * or breaks the whole process: {@code os._exit}, {@code os.abort}, a fatal signal or segfault in
 * native code (torch, CUDA, a C extension), or Python's own fatal errors. A service that must
 * survive those should run explain4j in a separate worker process and restart it when it dies.
 *
 * <p>A caller that stops waiting (its thread is interrupted) gets an {@link Explain4jException} at
 * once, with its interrupt flag set. The Python call it started is not stopped: it is skipped if it
 * had not begun, otherwise it runs to its end, and the {@link PyHandle}s it returns are released.
 *
 * <p>At most one runtime is open in a JVM at a time. It can be closed and opened again, but the
 * JVM's Python comes from the first environment loaded; asking for another one is an error.
 */
public final class PythonRuntime implements AutoCloseable {
  private static final Object LOCK = new Object();
  private static PythonRuntime current;

  private final PythonEnvironment environment;
  private final RuntimeConfig config;
  private final ExecutorService executor;
  private final Thread thread;
  private final JepSession session;
  private volatile boolean closed;

  private PythonRuntime(PythonEnvironment environment, RuntimeConfig config) {
    this.environment = environment;
    this.config = config;
    long stackBytes = config.interpreterStackBytes();
    Thread[] holder = new Thread[1];
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(null, r, "explain4j-python", stackBytes);
              t.setDaemon(true);
              holder[0] = t;
              return t;
            });
    this.session = new JepSession(environment);
    try {
      executor.submit(session::start).get();
    } catch (ExecutionException e) {
      executor.shutdownNow();
      throw unwrap(e.getCause());
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
      throw new Explain4jException("interrupted while starting Python", e);
    }
    this.thread = holder[0];
  }

  /** Opens a runtime with the default configuration. See {@link #open(RuntimeConfig)}. */
  public static PythonRuntime open() {
    return open(RuntimeConfig.defaults());
  }

  /**
   * Starts Python in this JVM.
   *
   * @throws Explain4jException if a runtime is already open, the environment cannot be found, or
   *     Jep's Java and native versions differ
   */
  public static PythonRuntime open(RuntimeConfig config) {
    synchronized (LOCK) {
      if (current != null && !current.closed) {
        throw new Explain4jException(
            "a PythonRuntime is already open in this JVM (environment "
                + current.environment.venv()
                + "); close it first or use PythonRuntime.shared()");
      }
      PythonEnvironment env = PythonEnvironment.locate(config);
      current = new PythonRuntime(env, config);
      return current;
    }
  }

  /** The open runtime, opening one with the default configuration if none is open. */
  public static PythonRuntime shared() {
    synchronized (LOCK) {
      if (current == null || current.closed) {
        return open();
      }
      return current;
    }
  }

  /** The org.ninia:jep version of the Jep Java classes on the classpath. */
  public static String jepJavaVersion() {
    return JepSession.javaJepVersion();
  }

  /** The environment this runtime's Python came from. */
  public PythonEnvironment environment() {
    return environment;
  }

  /** The configuration this runtime was opened with. */
  RuntimeConfig config() {
    return config;
  }

  /** True once {@link #close()} has been called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Calls a Python function by qualified name, for example {@code "json.dumps"} or {@code
   * "package.module:Class.method"}.
   */
  public Object call(String function, Object... args) {
    return callWithKeywords(function, Arrays.asList(args), Map.of());
  }

  /** Calls a Python function with positional and keyword arguments. */
  public Object callWithKeywords(String function, List<?> args, Map<String, ?> kwargs) {
    List<Object> javaArgs = new ArrayList<>(args.size());
    for (Object a : args) {
      javaArgs.add(Values.toPython(a));
    }
    Object raw =
        submit(
            () -> session.dispatch(function, javaArgs, Values.toPythonMap(kwargs)),
            this::releaseHandlesIn);
    return Values.fromPython(raw, this);
  }

  /** Calls a Python function and checks the result's type, naming the function if it differs. */
  public <T> T callAs(Class<T> type, String function, Object... args) {
    Object result = call(function, args);
    if (result != null && !type.isInstance(result)) {
      if (result instanceof PyHandle h) {
        h.close();
      }
      throw new Explain4jException(
          function + " returned " + result.getClass().getSimpleName() + ", expected " + type);
    }
    return type.cast(result);
  }

  /** Executes Python statements in a namespace private to explain4j. */
  public void exec(String code) {
    call("explain4j._jep.exec_code", code);
  }

  /** Evaluates a Python expression in the namespace used by {@link #exec}. */
  public Object eval(String expression) {
    return call("explain4j._jep.eval_code", expression);
  }

  /** Number of live {@link PyHandle}s; a diagnostic for leak checks. */
  public int liveHandles() {
    return ((Number) call("explain4j._jep.handle_count")).intValue();
  }

  void release(long handleId) {
    if (!closed) {
      submit(() -> session.release(handleId), r -> {});
    }
  }

  /** On the interpreter thread: releases the handles in a dispatch result nobody will receive. */
  private void releaseHandlesIn(Object raw) {
    for (long id : Values.handleIds(raw)) {
      session.release(id);
    }
  }

  /**
   * Runs {@code task} on the interpreter thread and waits for it. If the caller stops waiting
   * before it has the result, {@code discard} gets that result on the interpreter thread instead.
   */
  private <T> T submit(Callable<T> task, Consumer<T> discard) {
    if (closed) {
      throw new Explain4jException("the PythonRuntime has been closed");
    }
    if (Thread.currentThread() == thread) {
      try {
        return task.call();
      } catch (Exception e) {
        throw unwrap(e);
      }
    }
    PendingCall<T> call = new PendingCall<>(task, discard);
    Future<T> future = executor.submit(call);
    boolean received = false;
    try {
      T result = future.get();
      received = true;
      return result;
    } catch (ExecutionException e) {
      received = true;
      throw unwrap(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Explain4jException(
          "interrupted while waiting for Python; the Python call was abandoned and anything it"
              + " returns is released",
          e);
    } finally {
      if (!received) {
        call.abandon(executor);
      }
    }
  }

  private static RuntimeException unwrap(Throwable t) {
    if (t instanceof RuntimeException re) {
      return re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return new Explain4jException(t.getMessage(), t);
  }

  /** Releases every handle and closes the interpreter. Idempotent. */
  @Override
  public void close() {
    synchronized (LOCK) {
      if (closed) {
        return;
      }
      try {
        executor.submit(session::stop).get();
      } catch (ExecutionException e) {
        throw unwrap(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        closed = true;
        executor.shutdown();
        if (current == this) {
          current = null;
        }
      }
    }
  }
}
