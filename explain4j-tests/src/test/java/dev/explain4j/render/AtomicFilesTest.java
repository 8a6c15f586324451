package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private long files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void writesAndReplaces() throws IOException {
    Path f = dir.resolve("page.html");
    AtomicFiles.writeString(f, "first");
    AtomicFiles.writeString(f, "second ✓");
    assertEquals("second ✓", Files.readString(f));
    assertEquals(1, files());
  }

  @Test
  void aFailingStreamLeavesTheOldFileWholeAndNoTemporaryFile() throws IOException {
    Path f = dir.resolve("page.html");
    AtomicFiles.writeString(f, "old content");
    Explain4jException e =
        assertThrows(
            Explain4jException.class,
            () ->
                AtomicFiles.write(
                    f,
                    out -> {
                      out.write(new byte[100_000]);
                      throw new IOException("disk full");
                    }));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("disk full"), e.getMessage());
    assertEquals("old content", Files.readString(f));
    assertEquals(1, files());
  }

  @Test
  void aRuntimeFailureInTheBodyIsAlsoContained() throws IOException {
    Path f = dir.resolve("x.svg");
    AtomicFiles.writeString(f, "keep");
    assertThrows(
        Explain4jException.class,
        () ->
            AtomicFiles.write(
                f,
                out -> {
                  throw new IllegalStateException("renderer bug");
                }));
    assertEquals("keep", Files.readString(f));
    assertEquals(1, files());
  }

  @Test
  void badTargetsAreNamed() throws IOException {
    Path missing = dir.resolve("no/such/dir/out.png");
    Explain4jException e =
        assertThrows(Explain4jException.class, () -> AtomicFiles.writeString(missing, "x"));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Files.writeString(sub.resolve("inside"), "keep");
    e = assertThrows(Explain4jException.class, () -> AtomicFiles.writeString(sub, "x"));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    assertEquals("keep", Files.readString(sub.resolve("inside")));
  }
}
