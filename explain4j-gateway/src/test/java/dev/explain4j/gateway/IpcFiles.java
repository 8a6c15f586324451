package dev.explain4j.gateway;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** Writes Arrow IPC files as the Python side does, for the gateway tests. */
final class IpcFiles {
  private IpcFiles() {}

  static Path floats(Path file, float[] values, int... shape) throws IOException {
    String s = IntStream.of(shape).mapToObj(Integer::toString).collect(Collectors.joining(","));
    Field field =
        new Field(
            "values",
            new FieldType(
                false,
                new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
                null,
                Map.of(ArrowIpcFloats.SHAPE_KEY, s)),
            null);
    try (BufferAllocator allocator = new RootAllocator();
        Float4Vector v = (Float4Vector) field.createVector(allocator)) {
      v.allocateNew(values.length);
      for (int i = 0; i < values.length; i++) {
        v.set(i, values[i]);
      }
      v.setValueCount(values.length);
      write(file, List.of(v));
    }
    return file;
  }

  static Path ints(Path file, int[] values) throws IOException {
    try (BufferAllocator allocator = new RootAllocator();
        IntVector v = new IntVector("values", allocator)) {
      v.allocateNew(values.length);
      for (int i = 0; i < values.length; i++) {
        v.set(i, values[i]);
      }
      v.setValueCount(values.length);
      write(file, List.of(v));
    }
    return file;
  }

  private static void write(Path file, List<FieldVector> vectors) throws IOException {
    try (VectorSchemaRoot root = new VectorSchemaRoot(vectors);
        FileChannel ch =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
      w.start();
      w.writeBatch();
      w.end();
    }
  }
}
