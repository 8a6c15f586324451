package dev.explain4j.gateway;

import dev.explain4j.InvalidInputException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.BiFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;

/**
 * Reads one float32 tensor from an Arrow IPC file as the Python side writes it: a single record
 * batch with one non-null {@code float32} column holding the values in row-major order, and the
 * shape as comma-separated integers in the field metadata under {@value #SHAPE_KEY}.
 *
 * <p>The values are read into Arrow buffers owned by a root allocator that lives only for the
 * duration of {@link #read}; the consumer sees them through a {@link FloatBuffer} that is valid
 * only inside the callback. The allocator is closed before {@code read} returns and fails on a
 * leak.
 */
final class ArrowIpcFloats {
  /** Field metadata key of the tensor's shape, for example {@code "2,4,7,7"}. */
  static final String SHAPE_KEY = "explain4j.shape";

  private ArrowIpcFloats() {}

  /**
   * Reads the tensor in {@code file} and hands its shape and values to {@code consumer}.
   *
   * @throws InvalidInputException when the file is missing or not a float32 tensor as described
   */
  static <T> T read(Path file, BiFunction<int[], FloatBuffer, T> consumer) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("Arrow IPC file " + file + " does not exist");
    }
    try (BufferAllocator allocator = new RootAllocator();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      if (root.getFieldVectors().size() != 1 || reader.getRecordBlocks().size() != 1) {
        throw new InvalidInputException(
            "Arrow IPC file " + file + " must hold one column in one record batch");
      }
      if (!reader.loadNextBatch()) {
        throw new InvalidInputException("Arrow IPC file " + file + " has no record batch");
      }
      FieldVector vector = root.getFieldVectors().get(0);
      if (!(vector instanceof Float4Vector floats)) {
        throw new InvalidInputException(
            "Arrow IPC file "
                + file
                + " holds "
                + vector.getField().getType()
                + ", expected float32 values");
      }
      if (floats.getNullCount() != 0) {
        throw new InvalidInputException("Arrow IPC file " + file + " holds null values");
      }
      int[] shape = shape(file, vector);
      long count = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
      if (count != floats.getValueCount()) {
        throw new InvalidInputException(
            "Arrow IPC file "
                + file
                + " holds "
                + floats.getValueCount()
                + " values, its shape "
                + Arrays.toString(shape)
                + " needs "
                + count);
      }
      FloatBuffer values =
          floats
              .getDataBuffer()
              .nioBuffer(0, Math.toIntExact(count * Float.BYTES))
              .order(ByteOrder.LITTLE_ENDIAN)
              .asFloatBuffer();
      return consumer.apply(shape, values);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("Arrow IPC file " + file + " does not exist");
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read Arrow IPC file " + file + ": " + e.getMessage(), e);
    }
  }

  private static int[] shape(Path file, FieldVector vector) {
    String text =
        vector.getField().getMetadata() == null
            ? null
            : vector.getField().getMetadata().get(SHAPE_KEY);
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(
          "Arrow IPC file " + file + " has no '" + SHAPE_KEY + "' field metadata");
    }
    try {
      return Arrays.stream(text.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "Arrow IPC file " + file + " has a bad shape '" + text + "'", e);
    }
  }
}
