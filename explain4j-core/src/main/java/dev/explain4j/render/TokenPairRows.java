package dev.explain4j.render;

import dev.explain4j.Explain4jException;
import dev.explain4j.attribution.ScorePrecision;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.Float16;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * A long-format table, one row per token pair (for example layer, head, query, key, weight),
 * written as an Arrow IPC file or as Parquet for pandas and DuckDB. Columns are int, float or
 * string; add them in order, then add rows. Not thread-safe; build it on one thread.
 *
 * <p>A float column may be stored at a {@link ScorePrecision}: float16 as Arrow's half float, and
 * float8 (which Arrow has no type for) as {@code uint8} codes of {@code float8_e4m3fn}, the field
 * carrying the metadata {@value #ENCODING_KEY}{@code =float8_e4m3fn} (numpy with ml_dtypes or torch
 * reads them with {@code .view(float8_e4m3fn)}).
 */
public final class TokenPairRows {
  /** The field metadata key naming how a float8 column's bytes encode its values. */
  public static final String ENCODING_KEY = "explain4j.encoding";

  private final Map<String, Character> types = new LinkedHashMap<>();
  private final List<Object[]> rows = new ArrayList<>();

  /** Adds an int column. */
  public TokenPairRows intColumn(String name) {
    types.put(name, 'i');
    return this;
  }

  /** Adds a float column. */
  public TokenPairRows floatColumn(String name) {
    types.put(name, 'f');
    return this;
  }

  /** Adds a float column stored at {@code precision}. */
  public TokenPairRows floatColumn(String name, ScorePrecision precision) {
    types.put(
        name,
        switch (precision) {
          case FLOAT32 -> 'f';
          case FLOAT16 -> 'h';
          case FLOAT8 -> '8';
        });
    return this;
  }

  /** Adds a string column. */
  public TokenPairRows stringColumn(String name) {
    types.put(name, 's');
    return this;
  }

  /** Adds one row, its values in column order. */
  public void add(Object... values) {
    if (values.length != types.size()) {
      throw new IllegalArgumentException(
          values.length + " values for " + types.size() + " columns");
    }
    rows.add(values.clone());
  }

  public int size() {
    return rows.size();
  }

  /** Writes an Arrow IPC file, atomically. */
  public void writeArrow(Path file) {
    AtomicFiles.write(
        file,
        out -> {
          try (BufferAllocator allocator = new RootAllocator();
              VectorSchemaRoot root = fill(allocator);
              ArrowFileWriter writer =
                  new ArrowFileWriter(root, null, Channels.newChannel(keepOpen(out)))) {
            writer.start();
            writer.writeBatch();
            writer.end();
          }
        });
  }

  /**
   * Turns an Arrow IPC file into a Parquet file. The renderers write no Parquet themselves: the
   * caller supplies the converter (explain4j's is {@code dev.explain4j.Parquet::fromArrow}, pyarrow
   * in the embedded runtime).
   */
  @FunctionalInterface
  public interface ParquetConverter {
    /** Writes {@code parquetFile}, atomically, from the rows in {@code arrowFile}. */
    void convert(Path arrowFile, Path parquetFile);
  }

  /** Writes Parquet through {@code converter} (from a temporary Arrow file), atomically. */
  public void writeParquet(Path file, ParquetConverter converter) {
    Path tmp = file.resolveSibling(file.getFileName() + ".arrow-tmp");
    try {
      writeArrow(tmp);
      converter.convert(tmp, file);
    } finally {
      try {
        java.nio.file.Files.deleteIfExists(tmp);
      } catch (IOException e) {
        throw new Explain4jException("cannot remove " + tmp + ": " + e.getMessage(), e);
      }
    }
  }

  /** The writer closes its channel; the atomic writer still has to sync the stream after. */
  private static OutputStream keepOpen(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }

  private VectorSchemaRoot fill(BufferAllocator allocator) {
    List<FieldVector> vectors = new ArrayList<>();
    for (Map.Entry<String, Character> c : types.entrySet()) {
      FieldVector v =
          switch (c.getValue()) {
            case 'i' -> new IntVector(c.getKey(), allocator);
            case 'f' -> new Float4Vector(c.getKey(), allocator);
            case 'h' -> new Float2Vector(c.getKey(), allocator);
            case '8' ->
                new UInt1Vector(
                    new Field(
                        c.getKey(),
                        new FieldType(
                            false,
                            new ArrowType.Int(8, false),
                            null,
                            Map.of(ENCODING_KEY, "float8_e4m3fn")),
                        null),
                    allocator);
            default -> new VarCharVector(c.getKey(), allocator);
          };
      v.setInitialCapacity(rows.size());
      v.allocateNew();
      vectors.add(v);
    }
    for (int r = 0; r < rows.size(); r++) {
      Object[] row = rows.get(r);
      for (int c = 0; c < row.length; c++) {
        FieldVector v = vectors.get(c);
        if (v instanceof IntVector iv) {
          iv.setSafe(r, ((Number) row[c]).intValue());
        } else if (v instanceof Float4Vector fv) {
          fv.setSafe(r, ((Number) row[c]).floatValue());
        } else if (v instanceof Float2Vector hv) {
          hv.setSafe(r, Float16.toFloat16(((Number) row[c]).floatValue()));
        } else if (v instanceof UInt1Vector bv) {
          bv.setSafe(r, ScorePrecision.float8Code(((Number) row[c]).floatValue()));
        } else {
          ((VarCharVector) v).setSafe(r, String.valueOf(row[c]).getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    VectorSchemaRoot root = new VectorSchemaRoot(vectors);
    root.setRowCount(rows.size());
    return root;
  }
}
