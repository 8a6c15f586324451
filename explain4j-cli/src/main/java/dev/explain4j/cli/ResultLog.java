package dev.explain4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.explain4j.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The results file of {@code attribute-dataset}: JSON Lines, one complete line per record, each
 * appended, flushed and fsynced before the next record starts. Opening an existing file reads the
 * ids already written, so a re-run skips them; a last line without its newline (a run killed
 * mid-write) is cut off and its record redone. Any other unreadable line stops the run untouched.
 */
final class ResultLog implements AutoCloseable {
  private static final ObjectMapper READER = new ObjectMapper();
  private final Path path;
  private final FileChannel channel;
  private final Set<String> done = new HashSet<>();
  private final int truncatedBytes;

  private ResultLog(Path path, FileChannel channel, int truncatedBytes) {
    this.path = path;
    this.channel = channel;
    this.truncatedBytes = truncatedBytes;
  }

  /** Opens (creating if needed) {@code path} for appending, after reading what it holds. */
  static ResultLog open(Path path) {
    Path dir = path.toAbsolutePath().getParent();
    if (Files.isDirectory(path) || dir == null || !Files.isDirectory(dir)) {
      throw new InvalidInputException(
          "cannot write results to " + path + ": give a file in an existing directory");
    }
    FileChannel ch;
    try {
      ch =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (AccessDeniedException e) {
      throw new InvalidInputException("cannot write results to " + path + ": permission denied");
    } catch (IOException e) {
      throw new InvalidInputException("cannot write results to " + path + ": " + e, e);
    }
    try {
      byte[] bytes = Files.readAllBytes(path);
      int end = 0;
      ResultLog log;
      Set<String> ids = new HashSet<>();
      int lineNo = 0;
      for (int start = 0; start < bytes.length; ) {
        int nl = indexOf(bytes, (byte) '\n', start);
        if (nl < 0) {
          break; // a partial last line: a run killed while writing it
        }
        lineNo++;
        String line = new String(bytes, start, nl - start, StandardCharsets.UTF_8);
        if (!line.isBlank()) {
          ids.add(idOf(line, path, lineNo));
        }
        start = nl + 1;
        end = start;
      }
      if (end < bytes.length) {
        ch.truncate(end);
        ch.force(true);
      }
      ch.position(end);
      log = new ResultLog(path, ch, bytes.length - end);
      log.done.addAll(ids);
      return log;
    } catch (IOException | RuntimeException e) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // already failing
      }
      if (e instanceof InvalidInputException ie) {
        throw ie;
      }
      throw new InvalidInputException("cannot read results in " + path + ": " + e, e);
    }
  }

  private static String idOf(String line, Path path, int lineNo) {
    try {
      JsonNode id = READER.readTree(line).get("id");
      if (id == null || id.isNull()) {
        throw new IOException("no \"id\"");
      }
      return id.asText();
    } catch (IOException e) {
      throw new InvalidInputException(
          path
              + " line "
              + lineNo
              + " is not an attribute-dataset result ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); give a new --out file or fix that line",
          e);
    }
  }

  private static int indexOf(byte[] b, byte c, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** Whether a record with this id is already in the file. */
  boolean contains(String id) {
    return done.contains(id);
  }

  /** How many records the file held when opened (plus those appended since). */
  int size() {
    return done.size();
  }

  /** Bytes of a partial last line dropped when the file was opened (0 if none). */
  int truncatedBytes() {
    return truncatedBytes;
  }

  /** Appends one line (the JSON must hold no newline) and forces it to disk. */
  void append(String id, String jsonLine) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap((jsonLine + "\n").getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    channel.force(false);
    done.add(id);
  }

  Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
