package dev.explain4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jException;
import dev.explain4j.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("python")
class PythonRuntimeTest {
  private final PythonRuntime py = PythonRuntime.shared();

  @Test
  void numbersStringsAndNullRoundTrip() {
    assertEquals(42L, py.call("explain4j_testing.bridge.echo", 42));
    assertEquals(1L << 40, py.call("explain4j_testing.bridge.echo", 1L << 40));
    assertEquals(2.5, py.call("explain4j_testing.bridge.echo", 2.5));
    assertEquals(true, py.call("explain4j_testing.bridge.echo", true));
    assertEquals("héllo ✓ 日本", py.call("explain4j_testing.bridge.echo", "héllo ✓ 日本"));
    assertEquals(null, py.call("explain4j_testing.bridge.echo", (Object) null));
    assertEquals(7L, py.call("explain4j_testing.bridge.add", 3, 4));
    assertEquals("int", py.call("explain4j_testing.bridge.type_name", 3));
    assertEquals("float", py.call("explain4j_testing.bridge.type_name", 3.0f));
    assertEquals("str", py.call("explain4j_testing.bridge.type_name", "x"));
  }

  @Test
  void listsMapsAndBytesRoundTrip() {
    List<Object> list = List.of(1L, "two", 3.0, List.of(4L, 5L));
    assertEquals(list, py.call("explain4j_testing.bridge.echo", list));
    assertEquals("list", py.call("explain4j_testing.bridge.type_name", list));
    Map<String, Object> map = Map.of("a", 1L, "b", List.of("x", "y"), "c", Map.of("d", 2.0));
    assertEquals(map, py.call("explain4j_testing.bridge.echo", map));
    assertEquals("dict", py.call("explain4j_testing.bridge.type_name", map));
    byte[] bytes = {0, 1, -1, 127, -128, 42};
    assertEquals("bytes", py.call("explain4j_testing.bridge.type_name", (Object) bytes));
    Object back = py.call("explain4j_testing.bridge.echo", (Object) bytes);
    assertInstanceOf(byte[].class, back);
    assertArrayEquals(bytes, (byte[]) back);
    assertEquals(List.of(1L, 2L), py.eval("(1, 2)"));
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) py.eval("bytes([1, 2, 3])"));
  }

  @Test
  void keywordArguments() {
    Object r =
        py.callWithKeywords(
            "explain4j_testing.bridge.kwargs_echo", List.of(1), Map.of("name", "x"));
    assertEquals(Map.of("args", List.of(1L), "kwargs", Map.of("name", "x")), r);
  }

  @Test
  void pythonObjectsStayInPythonAsHandles() {
    int before = py.liveHandles();
    try (PyHandle counter =
        py.callAs(PyHandle.class, "explain4j_testing.bridge.make_counter", 10)) {
      assertEquals("explain4j_testing.bridge.Counter", counter.pythonType());
      assertEquals(11L, py.call("explain4j_testing.bridge.bump", counter));
      assertEquals(13L, py.call("explain4j_testing.bridge.bump", counter, 2));
      assertEquals(before + 1, py.liveHandles());
    }
    assertEquals(before, py.liveHandles());
  }

  @Test
  void closedHandleIsRefused() {
    PyHandle counter = py.callAs(PyHandle.class, "explain4j_testing.bridge.make_counter", 0);
    counter.close();
    Explain4jException e =
        assertThrows(
            Explain4jException.class, () -> py.call("explain4j_testing.bridge.bump", counter));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void pythonExceptionCarriesTypeMessageAndTraceback() {
    PythonException e =
        assertThrows(
            PythonException.class,
            () -> py.call("explain4j_testing.bridge.fail", "value", "bad thing"));
    assertEquals("ValueError", e.pythonType());
    assertEquals("bad thing", e.pythonMessage());
    assertTrue(e.formattedTraceback().contains("ValueError: bad thing"), e.formattedTraceback());
    assertEquals("fail", e.frames().get(e.frames().size() - 1).function());
    assertEquals("fail", e.getStackTrace()[0].getMethodName());
    assertTrue(e.getStackTrace()[0].getFileName().endsWith("bridge.py"));
    assertEquals(
        5L, py.call("explain4j_testing.bridge.add", 2, 3), "runtime usable after an error");
  }

  @Test
  void deepTracebackAndSyntaxErrors() {
    PythonException deep =
        assertThrows(
            PythonException.class, () -> py.call("explain4j_testing.bridge.nested_fail", 50));
    assertEquals("ZeroDivisionError", deep.pythonType());
    assertTrue(deep.frames().size() > 50);
    PythonException syntax = assertThrows(PythonException.class, () -> py.exec("def broken(:"));
    assertEquals("SyntaxError", syntax.pythonType());
    PythonException missing =
        assertThrows(PythonException.class, () -> py.call("no_such_module_xyz.f"));
    assertEquals("ModuleNotFoundError", missing.pythonType());
    assertEquals(3L, py.eval("1 + 2"));
  }

  @Test
  void invalidInputFromPythonIsAnInputError() {
    py.exec("from explain4j.errors import InvalidInput\ndef _bad():\n    raise InvalidInput('no')");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> py.eval("_bad()"));
    assertEquals("no", e.getMessage());
    assertInstanceOf(PythonException.class, e.getCause());
  }

  @Test
  void jepsOwnCopyPathReturnsTheArray() {
    assertArrayEquals(
        new float[] {0f, 1f, 2f},
        JepCopyAccess.floats(py, "__import__('numpy').arange(3, dtype='float32')"));
  }

  /** Runs {@code _two_counters(seconds)} on a new thread, recording how and when it returned. */
  private static final class Caller extends Thread {
    final AtomicReference<Object> result = new AtomicReference<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    volatile boolean interruptFlagKept;
    volatile long returnedAt;

    private final PythonRuntime py;
    private final double seconds;

    Caller(PythonRuntime py, double seconds) {
      this.py = py;
      this.seconds = seconds;
    }

    @Override
    public void run() {
      try {
        result.set(py.eval("_two_counters(" + seconds + ")"));
      } catch (Throwable t) {
        failure.set(t);
      }
      returnedAt = System.nanoTime();
      interruptFlagKept = isInterrupted();
    }

    /** Closes the handles of a result that did arrive (a caller interrupted too late). */
    void closeResult() {
      if (result.get() instanceof List<?> l) {
        ((PyHandle) l.get(0)).close();
        ((PyHandle) ((Map<?, ?>) l.get(1)).get("c")).close();
      }
    }
  }

  @Test
  void interruptedCallersLeaveNoHandlesBehind() throws Exception {
    py.exec(
        "import time\nfrom explain4j_testing.bridge import Counter\n"
            + "def _two_counters(seconds):\n    time.sleep(seconds)\n"
            + "    return [Counter(1), {'c': Counter(2)}]");
    int before = py.liveHandles();
    List<Caller> callers = new ArrayList<>();
    for (int i = 0; i < 6; i++) { // the first runs, the other five wait in the queue
      callers.add(new Caller(py, 2.0));
      callers.get(i).start();
    }
    Thread.sleep(300);
    for (Caller c : callers) {
      long interruptedAt = System.nanoTime();
      c.interrupt();
      c.join(10_000);
      assertTrue(c.failure.get() instanceof Explain4jException, String.valueOf(c.failure.get()));
      assertTrue(
          c.failure.get().getMessage().contains("interrupted"), c.failure.get().getMessage());
      assertTrue(c.interruptFlagKept, "the interrupt flag is kept");
      long waitedMs = (c.returnedAt - interruptedAt) / 1_000_000;
      assertTrue(waitedMs < 1000, "returned " + waitedMs + " ms after the interrupt");
    }
    for (int i = 0; i < 20; i++) { // interrupts racing short calls: queued, running or finished
      Caller c = new Caller(py, 0.0);
      c.start();
      c.interrupt();
      c.join(10_000);
      c.closeResult();
    }
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (py.liveHandles() != before && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(before, py.liveHandles(), "every abandoned result was released");
    assertEquals(5L, py.call("explain4j_testing.bridge.add", 2, 3));
  }

  @Test
  void sixteenThreadsTwoHundredCallsEach() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        final int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  int ok = 0;
                  for (int i = 0; i < 200; i++) {
                    long expected = thread * 1000L + i;
                    Object got = py.call("explain4j_testing.bridge.add", thread * 1000L, i);
                    String s =
                        (String) py.call("explain4j_testing.bridge.echo", "t" + thread + "-" + i);
                    if (got.equals(expected) && s.equals("t" + thread + "-" + i)) {
                      ok++;
                    }
                  }
                  return ok;
                }));
      }
      for (Future<Integer> f : futures) {
        assertEquals(200, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
