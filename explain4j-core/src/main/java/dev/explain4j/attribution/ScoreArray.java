package dev.explain4j.attribution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.explain4j.Explain4jException;
import dev.explain4j.InvalidInputException;
import dev.explain4j.tensor.Tensor;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;

/**
 * An immutable row-major float array with a shape, for example granular attributions {@code
 * [tokens, steps, hidden]}. NaN marks a cell that does not exist (a token after the step's prefix).
 *
 * <p><b>Storage.</b> An array made in Java ({@link #ScoreArray(int[], float[])}, {@link #of}, JSON)
 * lives on the Java heap. An array that an {@link Attributor} returns is a read-only view of the
 * engine's NumPy memory in Python, imported once through Arrow and never copied: it is owned by its
 * {@link AttributionResult} and valid until that result is closed; reading it afterwards throws.
 * {@link #values()} is a read-only view, not a copy; {@link #toArray()} and {@link #toMatrix()}
 * copy.
 *
 * <p>Reads may run on many threads at once.
 */
@JsonSerialize(using = ScoreArray.Json.class)
public final class ScoreArray {
  private final int[] shape;
  private final FloatBuffer values;
  private final Tensor tensor;
  private final BufferAllocator allocator;
  private final AtomicBoolean released = new AtomicBoolean();

  /** A heap array holding a copy of {@code values} (row-major) with {@code shape}. */
  public ScoreArray(int[] shape, float[] values) {
    this(shape, FloatBuffer.wrap(values.clone()).asReadOnlyBuffer(), null, null);
  }

  private ScoreArray(int[] shape, FloatBuffer values, Tensor tensor, BufferAllocator allocator) {
    this.shape = shape.clone();
    this.values = values;
    this.tensor = tensor;
    this.allocator = allocator;
    long n = 1;
    for (int d : this.shape) {
      if (d < 0) {
        throw new InvalidInputException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != values.capacity()) {
      throw new InvalidInputException(
          values.capacity() + " values do not fill shape " + Arrays.toString(shape));
    }
  }

  /** Takes {@code values} as they are, without a copy; the caller gives them up. */
  static ScoreArray wrap(int[] shape, float[] values) {
    return new ScoreArray(shape, FloatBuffer.wrap(values).asReadOnlyBuffer(), null, null);
  }

  /**
   * A view of a FLOAT32 tensor that takes ownership of it and of {@code allocator} (the child
   * allocator it was imported into): {@link #release()} closes both.
   */
  static ScoreArray view(Tensor tensor, BufferAllocator allocator) {
    int[] shape = new int[tensor.rank()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = Math.toIntExact(tensor.size(i));
    }
    return new ScoreArray(shape, tensor.asFloatBuffer(), tensor, allocator);
  }

  @JsonCreator
  static ScoreArray fromJson(
      @JsonProperty("shape") int[] shape, @JsonProperty("values") float[] values) {
    if (shape == null || values == null) {
      throw new InvalidInputException("a score array needs both 'shape' and 'values'");
    }
    return wrap(shape, values);
  }

  /** A 2-D array from rows (all of the same length). */
  public static ScoreArray of(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] v = new float[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != cols) {
        throw new InvalidInputException("ragged rows: row " + r + " has " + rows[r].length);
      }
      System.arraycopy(rows[r], 0, v, r * cols, cols);
    }
    return wrap(new int[] {rows.length, cols}, v);
  }

  /** The dimensions (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * A read-only view of every value in row-major order, positioned at 0: no copy is made. For an
   * array owned by an {@link AttributionResult}, the view is valid only until the result closes.
   */
  public FloatBuffer values() {
    checkOpen();
    return values.duplicate();
  }

  /** Number of values: the product of the shape. */
  public int length() {
    return values.capacity();
  }

  public int rank() {
    return shape.length;
  }

  public int size(int dim) {
    return shape[dim];
  }

  /** One value. */
  public float get(int... index) {
    if (index.length != shape.length) {
      throw new IndexOutOfBoundsException("need " + shape.length + " indices");
    }
    int flat = 0;
    for (int d = 0; d < shape.length; d++) {
      if (index[d] < 0 || index[d] >= shape[d]) {
        throw new IndexOutOfBoundsException("index " + index[d] + " in dimension " + d);
      }
      flat = flat * shape[d] + index[d];
    }
    checkOpen();
    return values.get(flat);
  }

  /** A copy of every value in row-major order. */
  public float[] toArray() {
    float[] out = new float[length()];
    values().get(out);
    return out;
  }

  /** A 2-D array's rows, copied. */
  public float[][] toMatrix() {
    if (shape.length != 2) {
      throw new IllegalStateException("not 2-D: " + Arrays.toString(shape));
    }
    FloatBuffer v = values();
    float[][] out = new float[shape[0]][shape[1]];
    for (float[] row : out) {
      v.get(row);
    }
    return out;
  }

  /** True when this is a view of Python memory rather than a Java heap array. */
  boolean isView() {
    return tensor != null;
  }

  /** The native address of a view's first value (the Python memory itself); 0 on the heap. */
  long address() {
    checkOpen();
    return tensor == null ? 0 : tensor.address();
  }

  /** Releases a view's Python memory and its allocator; nothing for a heap array. Idempotent. */
  void release() {
    if (tensor != null && released.compareAndSet(false, true)) {
      try {
        tensor.close();
      } finally {
        allocator.close();
      }
    }
  }

  private void checkOpen() {
    if (released.get()) {
      throw new Explain4jException(
          "score array " + Arrays.toString(shape) + " belongs to a closed attribution result");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreArray s
        && Arrays.equals(shape, s.shape)
        && values().equals(s.values());
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + values().hashCode();
  }

  @Override
  public String toString() {
    return "ScoreArray" + Arrays.toString(shape) + (released.get() ? " (closed)" : "");
  }

  /**
   * Writes {@code {"shape": [...], "values": [...]}} straight from the view, each value rounded to
   * the {@link ScorePrecision} set as the writer's {@code ScorePrecision.class} attribute (float32
   * when unset).
   */
  static final class Json extends JsonSerializer<ScoreArray> {
    @Override
    public void serialize(ScoreArray a, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeStartObject();
      g.writeArrayFieldStart("shape");
      for (int d : a.shape) {
        g.writeNumber(d);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("values");
      ScorePrecision precision = precision(p);
      FloatBuffer v = a.values();
      while (v.hasRemaining()) {
        writeValue(g, precision, v.get());
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /** Writes a {@code float[]} (a step score) rounded as {@link Json} rounds. */
  static final class FloatsJson extends JsonSerializer<float[]> {
    @Override
    public void serialize(float[] values, JsonGenerator g, SerializerProvider p)
        throws IOException {
      ScorePrecision precision = precision(p);
      g.writeStartArray();
      for (float x : values) {
        writeValue(g, precision, x);
      }
      g.writeEndArray();
    }
  }

  private static ScorePrecision precision(SerializerProvider p) {
    Object set = p.getAttribute(ScorePrecision.class);
    return set instanceof ScorePrecision sp ? sp : ScorePrecision.FLOAT32;
  }

  private static void writeValue(JsonGenerator g, ScorePrecision precision, float x)
      throws IOException {
    if (precision == ScorePrecision.FLOAT32 || !Float.isFinite(x)) {
      g.writeNumber(x);
    } else {
      g.writeNumber(precision.decimal(x));
    }
  }
}
