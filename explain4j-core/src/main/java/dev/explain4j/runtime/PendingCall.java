package dev.explain4j.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call queued for the interpreter thread whose caller may stop waiting for it. Once abandoned,
 * whatever it produces goes to {@code discard}, on the interpreter thread, exactly once: a call
 * still queued is skipped, a running one discards its own result when it ends, and the result of
 * one that had just finished is discarded by a task queued behind it.
 */
final class PendingCall<T> implements Callable<T> {
  private static final Logger LOG = LoggerFactory.getLogger(PendingCall.class);
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int ABANDONED = 3;

  private final Callable<T> task;
  private final Consumer<T> discard;
  private final AtomicInteger state = new AtomicInteger(QUEUED);
  private volatile T result;

  PendingCall(Callable<T> task, Consumer<T> discard) {
    this.task = task;
    this.discard = discard;
  }

  @Override
  public T call() throws Exception {
    if (!state.compareAndSet(QUEUED, RUNNING)) {
      return null;
    }
    T r = task.call();
    result = r;
    if (!state.compareAndSet(RUNNING, DONE)) {
      discardQuietly(r);
    }
    return r;
  }

  /** The caller no longer wants the result; {@code executor} runs the interpreter thread. */
  void abandon(Executor executor) {
    if (state.compareAndSet(QUEUED, ABANDONED) || state.compareAndSet(RUNNING, ABANDONED)) {
      return;
    }
    T r = result;
    if (r == null) {
      return;
    }
    try {
      executor.execute(() -> discardQuietly(r));
    } catch (RejectedExecutionException e) {
      LOG.debug("runtime closed before an abandoned call's result was released", e);
    }
  }

  private void discardQuietly(T r) {
    try {
      discard.accept(r);
    } catch (RuntimeException e) {
      LOG.warn("could not release the result of an abandoned Python call", e);
    }
  }
}
