package dev.explain4j.gateway;

import dev.explain4j.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;

/**
 * The transfer benchmark's gateway entry point ({@code bench/python/ipc_vs_py4j.py}): the sum of a
 * tensor sent as an Arrow IPC file, or as bytes through py4j itself. Test scope only; served by
 * {@link BenchGatewayMain}.
 */
public final class BenchEntryPoint {
  private final GatewayEntryPoint gateway = new GatewayEntryPoint();

  /** The gateway's protocol version. */
  public int protocol() {
    return gateway.protocol();
  }

  /** The gateway's version, which the Python client checks. */
  public String version() {
    return gateway.version();
  }

  /** Reads the tensor in an Arrow IPC file and returns the sum of its values. */
  public double checksum(String arrowIpcPath) {
    if (arrowIpcPath == null || arrowIpcPath.isBlank()) {
      throw new InvalidInputException("an Arrow IPC file path is required");
    }
    return ArrowIpcFloats.read(Path.of(arrowIpcPath), (int[] shape, FloatBuffer v) -> sum(v));
  }

  /**
   * The sum of float32 values sent as little-endian bytes through py4j (base64 in its protocol).
   */
  public double checksumBytes(byte[] littleEndianFloats) {
    if (littleEndianFloats == null || littleEndianFloats.length % Float.BYTES != 0) {
      throw new InvalidInputException("expected a whole number of little-endian float32 values");
    }
    return sum(ByteBuffer.wrap(littleEndianFloats).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
  }

  private static double sum(FloatBuffer values) {
    double total = 0;
    for (int i = values.position(); i < values.limit(); i++) {
      total += values.get(i);
    }
    return total;
  }
}
