package dev.explain4j.bench;

import dev.explain4j.attention.AttentionMaps;
import dev.explain4j.attention.AttentionViews;
import dev.explain4j.attention.Reduction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Head and layer aggregation of a {@code [layers, heads, T, T]} float32 attention held off-heap (as
 * a zero-copy tensor view is), against a memcpy of the same bytes in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx4g", "-XX:MaxDirectMemorySize=6g"})
public class AggregationBench {
  /** "layers x heads x T". */
  @Param({"30x9x512", "8x8x2048"})
  public String shape;

  private AttentionMaps maps;
  private int[] layers;
  private int[] heads;
  private ByteBuffer source;
  private ByteBuffer target;

  @Setup(Level.Trial)
  public void setUp() {
    String[] p = shape.split("x");
    int l = Integer.parseInt(p[0]);
    int h = Integer.parseInt(p[1]);
    int t = Integer.parseInt(p[2]);
    long bytes = 4L * l * h * t * t;
    source = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
    target = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
    FloatBuffer f = source.asFloatBuffer();
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int i = 0; i < f.capacity(); i++) {
      f.put(i, r.nextFloat());
    }
    maps =
        AttentionMaps.over(f, new int[] {l, h, t, t}, Collections.nCopies(t, "x"), null, "bench");
    layers = range(l);
    heads = range(h);
  }

  private static int[] range(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /** Sum over every layer and head: reads every byte once. */
  @Benchmark
  public float[] aggregateAllHeads() {
    return AttentionViews.reduce(maps, layers, heads, Reduction.SUM);
  }

  /** A memcpy of the same bytes (reads and writes every byte once). */
  @Benchmark
  public ByteBuffer memcpySameBytes() {
    target.clear();
    target.put(source.duplicate().clear());
    return target;
  }
}
