package dev.explain4j.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jException;
import dev.explain4j.model.Model;
import dev.explain4j.model.ModelOptions;
import dev.explain4j.runtime.PythonRuntime;
import java.nio.FloatBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Attribution scores cross from Python once: the result's arrays are the engine's own NumPy memory
 * (same address, and a write in Python shows through every earlier read), reads copy nothing, and
 * closing the result gives every byte back to the allocator (teardown fails on a leak).
 */
@Tag("python")
class ScoreArrayZeroCopyTest {
  private static final String INPUT = "The capital of France";
  private static final String TARGET = "The capital of France is Paris";
  private static final String RECORD =
      String.join(
          "\n",
          "import explain4j.attribution.bridge as _zc_bridge",
          "_zc_seen = []",
          "_zc_attribute = _zc_bridge.attribute",
          "def _zc_record(*args, **kwargs):",
          "    out = _zc_attribute(*args, **kwargs)",
          "    _zc_seen.extend(s.target_attributions for s in out)",
          "    return out",
          "_zc_bridge.attribute = _zc_record");
  private static Model gpt2;
  private final PythonRuntime py = PythonRuntime.shared();
  private BufferAllocator allocator;

  @BeforeAll
  static void load() {
    gpt2 =
        Model.load(
            Path.of("tests/fixtures/tiny-models/gpt2"),
            ModelOptions.builder().optDevice("cpu").build());
  }

  @AfterAll
  static void unload() {
    gpt2.close();
  }

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
    py.exec(RECORD);
  }

  @AfterEach
  void closeAll() {
    py.exec("_zc_bridge.attribute = _zc_attribute\n_zc_seen.clear()");
    allocator.close();
  }

  @Test
  void scoresAreTheEnginesMemoryAndReadsCopyNothing() {
    AttributionOptions o = AttributionOptions.builder().optMethod("saliency").build();
    AggregatedAttribution before;
    AttributionResult r = new Attributor(gpt2, allocator).attribute(INPUT, TARGET, o);
    try (r) {
      ScoreArray target = r.target();
      assertTrue(target.isView(), "an attributor's result views Python memory");
      long numpy = ((Number) py.eval("int(_zc_seen[-1].ctypes.data)")).longValue();
      assertEquals(numpy, target.address(), "Java reads the engine's NumPy array itself");
      assertTrue(allocator.getAllocatedMemory() >= 4L * target.length());

      FloatBuffer first = target.values();
      FloatBuffer second = target.values();
      assertTrue(first.isDirect() && first.isReadOnly());
      assertThrows(ReadOnlyBufferException.class, () -> first.put(0, 1f));
      int cell = firstNumber(first);
      int[] at = unravel(target.shape(), cell);
      before = r.aggregate();

      py.exec("_zc_seen[-1].reshape(-1)[" + cell + "] = 12345.0");
      assertEquals(12345f, first.get(cell), "a view taken earlier sees Python's write");
      assertEquals(12345f, second.get(cell));
      assertEquals(12345f, target.get(at));
      assertEquals(12345f, r.target().values().get(cell));
    }
    assertEquals(0, allocator.getAllocatedMemory(), "closing the result releases its arrays");
    assertThrows(Explain4jException.class, () -> r.target().values());
    Explain4jException e = assertThrows(Explain4jException.class, r::aggregate);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertNotNull(before.target()[0], "aggregates are computed into the heap and outlive it");
    r.close();
  }

  @Test
  void jsonRoundTripGivesAHeapCopyThatOutlivesTheResult() {
    AttributionOptions o = AttributionOptions.builder().optMethod("saliency").build();
    AttributionResult loaded;
    float[][] aggregated;
    try (AttributionResult r = new Attributor(gpt2, allocator).attribute(INPUT, TARGET, o)) {
      loaded = AttributionJson.fromJson(AttributionJson.toJson(r), "test");
      assertEquals(r.target(), loaded.target());
      aggregated = r.aggregate().target();
    }
    assertFalse(loaded.target().isView());
    assertEquals(0, loaded.target().address());
    loaded.close();
    assertEquals(aggregated.length, loaded.aggregate().target().length, "heap results stay open");
    assertTrue(Float.isNaN(loaded.target().get(loaded.target().size(0) - 1, 0, 0)));
  }

  private static int firstNumber(FloatBuffer v) {
    for (int i = 0; i < v.capacity(); i++) {
      if (!Float.isNaN(v.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no finite score");
  }

  private static int[] unravel(int[] shape, int flat) {
    int[] at = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      at[d] = flat % shape[d];
      flat /= shape[d];
    }
    return at;
  }
}
