package dev.explain4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.runtime.PyHandle;
import dev.explain4j.runtime.PythonRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Acceptance check: 10,000 round trips leave nothing behind. Each trip makes a fresh 64 KiB tensor
 * in Python, so a leaked export would hold about 640 MB.
 */
@Tag("python")
class TensorRoundTripLeakTest {
  private static final int TRIPS = 10_000;
  private static final int WARM_UP = 500;
  private static final long ELEMENTS = 16_384;
  private static final long MAX_RSS_GROWTH = 50L << 20;

  private final PythonRuntime py = PythonRuntime.shared();
  private BufferAllocator allocator;

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void tenThousandRoundTripsLeakNothing() throws IOException {
    py.exec("import torch, pyarrow as pa");
    trips(WARM_UP);
    int handles = py.liveHandles();
    long pool = ((Number) py.eval("pa.total_allocated_bytes()")).longValue();
    long rssBefore = rssBytes();

    trips(TRIPS);

    long growth = rssBytes() - rssBefore;
    assertEquals(0, allocator.getAllocatedMemory());
    assertEquals(handles, py.liveHandles());
    assertEquals(pool, ((Number) py.eval("pa.total_allocated_bytes()")).longValue());
    assertTrue(
        growth <= MAX_RSS_GROWTH,
        "RSS grew by " + (growth >> 20) + " MB over " + TRIPS + " round trips");
  }

  /** Alternates the handle path and the call path; checks a value each time. */
  private void trips(int count) {
    for (int i = 0; i < count; i++) {
      double value = i % 1000;
      if (i % 2 == 0) {
        try (PyHandle h = (PyHandle) py.call("torch.full", List.of(ELEMENTS), value);
            Tensor t = Tensors.fromPython(allocator, py, h)) {
          check(t, value);
        }
      } else {
        try (Tensor t = Tensors.call(allocator, py, "torch.full", List.of(ELEMENTS), value)) {
          check(t, value);
        }
      }
    }
  }

  private static void check(Tensor t, double value) {
    assertEquals((float) value, t.getFloatFlat(ELEMENTS - 1));
    assertEquals(ELEMENTS, t.numel());
  }

  private static long rssBytes() throws IOException {
    System.gc();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
