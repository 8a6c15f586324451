package dev.explain4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jException;
import dev.explain4j.InvalidInputException;
import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Ownership: what closing a tensor releases, from which threads, and what bad input does. */
@Tag("python")
class TensorLifetimeTest {
  private final PythonRuntime py = PythonRuntime.shared();
  private BufferAllocator allocator;

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
    py.exec("import gc, weakref, torch, pyarrow as pa");
  }

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void closingReleasesThePythonTensor() {
    long poolBefore = poolBytes();
    int handlesBefore = py.liveHandles();
    py.exec("rel_x = torch.randn(1000)\nrel_w = weakref.ref(rel_x)");
    Tensor t;
    try (PyHandle h = (PyHandle) py.eval("rel_x")) {
      t = Tensors.fromPython(allocator, py, h);
    }
    py.exec("del rel_x\ngc.collect()");
    assertEquals(false, py.eval("rel_w() is None"), "the open Tensor keeps the tensor alive");
    assertTrue(poolBytes() > poolBefore, "the export holds pyarrow memory while open");
    assertTrue(allocator.getAllocatedMemory() >= 4000, "imported bytes count in the allocator");
    float first = t.getFloatFlat(0);
    assertEquals(first, t.toFloatArray()[0]);
    t.close();
    assertTrue(t.isClosed());
    assertEquals(true, py.eval("rel_w() is None"), "closing released the tensor");
    assertEquals(poolBefore, poolBytes());
    assertEquals(handlesBefore, py.liveHandles());
    assertEquals(0, allocator.getAllocatedMemory());
  }

  @Test
  void closingFromAnotherThreadWhilePythonIsBusy() throws Exception {
    py.exec("thr_x = torch.ones(256, 256)\nthr_w = weakref.ref(thr_x)");
    Tensor t = Tensors.eval(allocator, py, "thr_x");
    py.exec("del thr_x");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // Keeps the interpreter thread running Python (holding the GIL between switches).
      Future<?> busy =
          pool.submit(
              () ->
                  py.exec(
                      "import time\n_end = time.time() + 0.5\nwhile time.time() < _end:\n  pass"));
      Thread.sleep(100);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread closer = new Thread(() -> run(t::close, failure), "tensor-closer");
      closer.start();
      closer.join(TimeUnit.SECONDS.toMillis(30));
      assertFalse(closer.isAlive(), "close from a non-interpreter thread finished");
      assertEquals(null, failure.get());
      busy.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(true, py.eval("thr_w() is None"));
    assertEquals(0, allocator.getAllocatedMemory());
  }

  @Test
  void interruptedWhileExportingLeavesNothingBehind() throws Exception {
    py.exec(
        "import time\nslow_w = None\ndef _slow_tensor():\n  global slow_w\n  time.sleep(2)\n"
            + "  t = torch.ones(1000)\n  slow_w = weakref.ref(t)\n  return t");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              run(() -> Tensors.eval(allocator, py, "_slow_tensor()").close(), failure);
              stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
    caller.start();
    Thread.sleep(300);
    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(30));
    assertTrue(failure.get() instanceof Explain4jException, String.valueOf(failure.get()));
    assertTrue(failure.get().getMessage().contains("interrupted"), failure.get().getMessage());
    assertEquals(true, stillInterrupted.get(), "the interrupt flag is kept");
    assertEquals(true, py.eval("slow_w is not None and slow_w() is None"), "export released");
    assertEquals(0, allocator.getAllocatedMemory());
  }

  @Test
  void aTensorMayOutliveItsRuntime() {
    Tensor t = Tensors.eval(allocator, py, "torch.full((100,), 2.0)");
    py.close();
    assertEquals(2f, t.getFloatFlat(99), "the memory stays valid: Python itself keeps running");
    t.close();
    assertEquals(0, allocator.getAllocatedMemory());
    PythonRuntime reopened = PythonRuntime.shared();
    assertEquals(4L, reopened.call("explain4j_testing.bridge.add", 2, 2));
  }

  @Test
  void usingAClosedTensorIsAClearError() {
    Tensor t = Tensors.eval(allocator, py, "torch.ones(2, 3)");
    t.close();
    t.close(); // idempotent
    for (Runnable use :
        new Runnable[] {
          () -> t.getFloat(0, 0), t::toFloatArray, t::asFloatBuffer, t::address, t::asByteBuffer
        }) {
      Explain4jException e = assertThrows(Explain4jException.class, use::run);
      assertTrue(e.getMessage().contains("closed"), e.getMessage());
      assertTrue(e.getMessage().contains("float32[2, 3]"), e.getMessage());
    }
    assertArrayEqualsShape(new long[] {2, 3}, t.shape());
    assertTrue(t.toString().contains("closed"));
  }

  @Test
  void aHandleThatIsNotATensorIsInvalidInput() {
    try (PyHandle counter = (PyHandle) py.call("explain4j_testing.bridge.make_counter", 1)) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class, () -> Tensors.fromPython(allocator, py, counter));
      assertTrue(e.getMessage().contains("explain4j_testing.bridge.Counter"), e.getMessage());
    }
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Tensors.call(allocator, py, "explain4j_testing.bridge.echo", "text"));
    assertTrue(e.getMessage().contains("got str"), e.getMessage());
    assertEquals(0, allocator.getAllocatedMemory());
  }

  @Test
  void unsupportedDtypesAreNamed() {
    for (String dtype : new String[] {"complex64", "bool", "int32"}) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> Tensors.eval(allocator, py, "torch.zeros(2, 2, dtype=torch." + dtype + ")"));
      assertTrue(e.getMessage().contains("torch." + dtype), e.getMessage());
      assertEquals(0, allocator.getAllocatedMemory(), "nothing left allocated after " + dtype);
    }
  }

  @Test
  void float64ArrivesAsFloat32() {
    try (Tensor t = Tensors.eval(allocator, py, "torch.tensor([1/3, -2.5], dtype=torch.float64)")) {
      assertEquals(DType.FLOAT32, t.dtype());
      assertEquals(1f / 3f, t.getFloat(0));
      assertEquals(-2.5f, t.getFloat(1));
    }
    assertEquals(0, allocator.getAllocatedMemory());
  }

  @Test
  void aClosedHandleIsRefusedBeforeAnythingIsExported() {
    PyHandle h = (PyHandle) py.eval("torch.ones(3)");
    h.close();
    assertThrows(Explain4jException.class, () -> Tensors.fromPython(allocator, py, h));
    assertEquals(0, allocator.getAllocatedMemory());
  }

  @Test
  void pythonErrorsInsideTheExportedCallPropagate() {
    assertThrows(
        Explain4jException.class,
        () -> Tensors.call(allocator, py, "explain4j_testing.bridge.fail", "value", "boom"));
    assertEquals(0, allocator.getAllocatedMemory());
  }

  private long poolBytes() {
    return ((Number) py.eval("pa.total_allocated_bytes()")).longValue();
  }

  private static void run(Runnable r, AtomicReference<Throwable> failure) {
    try {
      r.run();
    } catch (Throwable t) {
      failure.set(t);
    }
  }

  private static void assertArrayEqualsShape(long[] expected, long[] actual) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
  }
}
