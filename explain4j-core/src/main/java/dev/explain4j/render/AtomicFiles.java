package dev.explain4j.render;

import dev.explain4j.Explain4jException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files atomically: the content goes to a temporary file in the target's directory, is
 * flushed to disk, and is then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}.
 * Readers see the old file or the complete new one, never a truncated one. On any failure the
 * temporary file is deleted, the target is left as it was, and the {@link Explain4jException} names
 * the target path.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes the body's bytes to an output stream. */
  @FunctionalInterface
  public interface Body {
    /** Writes everything; the stream is closed by the caller. */
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes UTF-8 text. */
  public static void writeString(Path target, CharSequence text) {
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    write(target, out -> out.write(bytes));
  }

  /** Writes bytes. */
  public static void writeBytes(Path target, byte[] bytes) {
    write(target, out -> out.write(bytes));
  }

  /**
   * Writes what {@code body} produces, atomically.
   *
   * @throws Explain4jException naming {@code target} when the directory is missing or not writable,
   *     the body fails, or the rename fails; the target is then untouched
   */
  public static void write(Path target, Body body) {
    Path abs = target.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    if (dir == null || abs.getFileName() == null) {
      throw new Explain4jException("cannot write " + target + ": not a file path");
    }
    if (!Files.isDirectory(dir)) {
      throw new Explain4jException(
          "cannot write " + abs + ": the directory " + dir + " does not exist");
    }
    if (Files.isDirectory(abs)) {
      throw new Explain4jException("cannot write " + abs + ": it is a directory");
    }
    Path tmp =
        dir.resolve(
            "."
                + abs.getFileName()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)
                + ".tmp");
    try {
      try (FileChannel ch =
              FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(ch)) {
        OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        body.writeTo(buffered);
        buffered.flush();
        ch.force(true);
      }
      move(tmp, abs);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp, e);
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new Explain4jException("could not write " + abs + ": " + why, e);
    }
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "the file system of " + target.getParent() + " cannot rename atomically", e);
    }
  }

  private static void deleteQuietly(Path tmp, Exception primary) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }
}
