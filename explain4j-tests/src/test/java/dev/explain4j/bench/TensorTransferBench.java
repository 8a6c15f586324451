package dev.explain4j.bench;

import dev.explain4j.runtime.JepCopyAccess;
import dev.explain4j.runtime.PythonRuntime;
import dev.explain4j.tensor.Tensor;
import dev.explain4j.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.apache.arrow.c.ArrowArray;
import org.apache.arrow.c.ArrowSchema;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/**
 * Moves a float32 tensor from torch to Java at several sizes and prints median times (ms): the
 * explain4j bridge, typed-Arrow export variants (to show where an O(n) import cost comes from),
 * Jep's own numpy-to-Java copy, and a plain memcpy of the same bytes. Not a test: run it with
 * {@code bench/tensor-transfer [MB ...]}.
 */
public final class TensorTransferBench {
  private static final String[][] VARIANTS = {
    {"explain4j (large_binary, 1 value)", "tensor_bench.export_layout"},
    {"typed float32, pa.array (no bitmap)", "tensor_bench.typed_pa_array"},
    {"typed float32, from_buffers null_count=0", "tensor_bench.typed_from_buffers"},
    {"typed float32, shared all-ones bitmap", "tensor_bench.typed_with_bitmap"},
  };

  private TensorTransferBench() {}

  public static void main(String[] args) {
    long[] megabytes =
        args.length == 0
            ? new long[] {1, 16, 256, 1024}
            : Arrays.stream(args).mapToLong(Long::parseLong).toArray();
    PythonRuntime py = PythonRuntime.shared();
    py.exec("import tensor_bench");
    try (BufferAllocator allocator = new RootAllocator()) {
      py.call("tensor_bench.make", 4096);
      for (int i = 0; i < 50; i++) { // loads the C Data native library, warms the JIT
        for (String[] v : VARIANTS) {
          exportAndImport(allocator, py, v[1]);
        }
        Tensors.call(allocator, py, "tensor_bench.current").close();
      }
      for (long mb : megabytes) {
        run(allocator, py, mb << 20);
      }
      py.call("tensor_bench.drop");
    }
    py.close();
  }

  private static void run(BufferAllocator allocator, PythonRuntime py, long bytes) {
    int reps = bytes >= (1L << 30) ? 7 : bytes >= (256L << 20) ? 15 : 41;
    long src = ((Number) py.call("tensor_bench.make", bytes)).longValue();
    System.out.printf(
        "%n== %d MB float32 (%d elements), medians of %d ==%n", bytes >> 20, bytes / 4, reps);

    double bridge =
        median(
            reps,
            () -> {
              long t0 = System.nanoTime();
              try (Tensor t = Tensors.call(allocator, py, "tensor_bench.current")) {
                if (t.address() != src) {
                  throw new IllegalStateException("not zero-copy");
                }
              }
              return ms(t0);
            });
    System.out.printf("Tensors.call round trip (export + import + close): %9.3f%n", bridge);

    System.out.printf(
        "%-42s %10s %10s %10s %10s%n", "variant", "py export", "jep call", "import", "close");
    for (String[] v : VARIANTS) {
      List<double[]> runs = new ArrayList<>();
      for (int i = 0; i < reps; i++) {
        runs.add(exportAndImport(allocator, py, v[1]));
      }
      System.out.printf(
          "%-42s %10.3f %10.3f %10.3f %10.3f%n",
          v[0], col(runs, 0), col(runs, 1), col(runs, 2), col(runs, 3));
    }

    int valueCount = (int) (bytes / 4);
    double fill =
        median(
            reps,
            () -> {
              long t0 = System.nanoTime();
              BitVectorHelper.loadValidityBuffer(
                      new org.apache.arrow.vector.ipc.message.ArrowFieldNode(valueCount, 0),
                      null,
                      allocator)
                  .close();
              return ms(t0);
            });
    System.out.printf("  of which Arrow Java's validity allocation + fill:  %9.3f%n", fill);

    double warmCopy;
    try (ArrowBuf dst = allocator.buffer(bytes)) {
      dst.setZero(0, bytes);
      warmCopy =
          median(
              reps,
              () -> {
                long t0 = System.nanoTime();
                MemoryUtil.copyMemory(src, dst.memoryAddress(), bytes);
                return ms(t0);
              });
    }
    double coldCopy =
        median(
            Math.min(reps, 7),
            () -> {
              long t0 = System.nanoTime();
              try (ArrowBuf dst = allocator.buffer(bytes)) {
                MemoryUtil.copyMemory(src, dst.memoryAddress(), bytes);
              }
              return ms(t0);
            });
    double jep =
        median(
            Math.min(reps, 7),
            () -> {
              long t0 = System.nanoTime();
              float[] copy = JepCopyAccess.floats(py, "__import__('tensor_bench').numpy_view()");
              if (copy.length != valueCount) {
                throw new IllegalStateException("Jep copy has " + copy.length + " values");
              }
              return ms(t0);
            });
    System.out.printf("memcpy into a touched buffer:        %9.3f%n", warmCopy);
    System.out.printf("memcpy into a fresh buffer (faults): %9.3f%n", coldCopy);
    System.out.printf("Jep numpy -> float[] copy:           %9.3f%n", jep);
    System.out.printf(
        "explain4j import / memcpy (touched): %8.3f%%%n",
        100 * importOf(allocator, py, reps) / warmCopy);
  }

  /** Returns {Python export ms (inside Python), Jep call ms, importVector ms, close ms}. */
  private static double[] exportAndImport(BufferAllocator allocator, PythonRuntime py, String fn) {
    try (ArrowArray array = ArrowArray.allocateNew(allocator);
        ArrowSchema schema = ArrowSchema.allocateNew(allocator)) {
      long t0 = System.nanoTime();
      double inPython =
          ((Number) py.call(fn, array.memoryAddress(), schema.memoryAddress())).doubleValue();
      double call = ms(t0);
      long t1 = System.nanoTime();
      FieldVector vector = Data.importVector(allocator, array, schema, null);
      double imported = ms(t1);
      long t2 = System.nanoTime();
      vector.close();
      return new double[] {inPython * 1e3, call, imported, ms(t2)};
    }
  }

  private static double importOf(BufferAllocator allocator, PythonRuntime py, int reps) {
    List<double[]> runs = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      runs.add(exportAndImport(allocator, py, VARIANTS[0][1]));
    }
    return col(runs, 2);
  }

  private static double col(List<double[]> runs, int index) {
    return median(runs.stream().mapToDouble(r -> r[index]).toArray());
  }

  private static double median(int reps, DoubleSupplier sample) {
    double[] values = new double[reps];
    for (int i = 0; i < reps; i++) {
      values[i] = sample.getAsDouble();
    }
    return median(values);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
