package dev.explain4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.explain4j.runtime.JepCopyAccess;
import dev.explain4j.runtime.PythonRuntime;
import dev.explain4j.tensor.Tensor;
import dev.explain4j.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Section 1 of bench/run: the Jep call round trip, and moving a float32 tensor from Python to Java
 * through the Arrow C Data Interface (zero-copy) against Jep's own numpy copy and a memcpy of the
 * same bytes, measured in the same run. Prints one JSON line. Needs bench/python on sys.path.
 */
public final class BridgeBench {
  private BridgeBench() {}

  public static void main(String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    long[] sizes = quick ? new long[] {1, 16, 256} : new long[] {1, 16, 256, 1024};
    PythonRuntime py = PythonRuntime.shared();
    py.exec("import tensor_bench");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      py.call("explain4j_testing.bridge.echo", i);
    }
    double callUs =
        median(
            quick ? 5 : 15,
            () -> {
              long t0 = System.nanoTime();
              for (int i = 0; i < 1000; i++) {
                py.call("explain4j_testing.bridge.echo", i);
              }
              return (System.nanoTime() - t0) / 1e3 / 1000;
            });
    rows.add(
        row(
            "Jep call round trip (Java → Python no-op → Java, via the dispatcher)",
            "µs",
            callUs,
            null,
            null,
            null));
    try (BufferAllocator allocator = new RootAllocator()) {
      py.call("tensor_bench.make", 4096);
      for (int i = 0; i < 50; i++) {
        Tensors.call(allocator, py, "tensor_bench.current").close();
      }
      for (long mb : sizes) {
        long bytes = mb << 20;
        int reps = mb >= 1024 ? 5 : mb >= 256 ? 9 : 21;
        long src = ((Number) py.call("tensor_bench.make", bytes)).longValue();
        double arrow =
            median(
                reps,
                () -> {
                  long t0 = System.nanoTime();
                  try (Tensor t = Tensors.call(allocator, py, "tensor_bench.current")) {
                    if (t.address() != src) {
                      throw new IllegalStateException("not zero-copy");
                    }
                  }
                  return (System.nanoTime() - t0) / 1e6;
                });
        double memcpy;
        try (ArrowBuf dst = allocator.buffer(bytes)) {
          MemoryUtil.copyMemory(src, dst.memoryAddress(), bytes);
          memcpy =
              median(
                  reps,
                  () -> {
                    long t0 = System.nanoTime();
                    MemoryUtil.copyMemory(src, dst.memoryAddress(), bytes);
                    return (System.nanoTime() - t0) / 1e6;
                  });
        }
        double jep =
            median(
                Math.min(reps, 5),
                () -> {
                  long t0 = System.nanoTime();
                  float[] copy =
                      JepCopyAccess.floats(py, "__import__('tensor_bench').numpy_view()");
                  if (copy.length != bytes / 4) {
                    throw new IllegalStateException("short copy");
                  }
                  return (System.nanoTime() - t0) / 1e6;
                });
        rows.add(
            row(
                "tensor " + mb + " MB: Arrow C Data (export + import + close)",
                "ms",
                arrow,
                jep,
                memcpy,
                mb == 256 ? 1.0 : null));
      }
      py.call("tensor_bench.drop");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows", rows);
    out.put(
        "notes",
        List.of(
            "peer = Jep's own numpy → float[] copy; floor = a memcpy of the same bytes in the same run",
            "target: the 256 MB Arrow transfer in at most 1 ms (and at most 2% of the memcpy)",
            "py4j byte transfer of 100 MB is measured from Python in the rows 'py4j'"));
    System.out.println(new ObjectMapper().writeValueAsString(out));
    System.exit(0);
  }

  private static Map<String, Object> row(
      String what, String unit, double ours, Double peer, Double floor, Double target) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("measure", what);
    r.put("unit", unit);
    r.put("explain4j", ours);
    r.put("peer (Jep copy)", peer);
    r.put("floor (memcpy)", floor);
    r.put("explain4j / floor", floor == null ? null : ours / floor);
    r.put("peer / explain4j", peer == null ? null : peer / ours);
    if (target != null) {
      r.put("target", "≤ " + target + " ms and ≤ 2% of memcpy");
      r.put("met", ours <= target && ours <= 0.02 * floor);
    }
    return r;
  }

  static double median(int reps, DoubleSupplier run) {
    double[] t = new double[reps];
    for (int i = 0; i < reps; i++) {
      t[i] = run.getAsDouble();
    }
    Arrays.sort(t);
    return t[reps / 2];
  }
}
