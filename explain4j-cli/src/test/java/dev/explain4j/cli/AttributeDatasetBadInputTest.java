package dev.explain4j.cli;

import static dev.explain4j.cli.AttributeDatasetCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.runtime.PythonRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("python")
class AttributeDatasetBadInputTest {
  private static Path jsonl(Path dir) throws Exception {
    Path data = dir.resolve("d.jsonl");
    Files.writeString(data, "{\"text\": \"Hello there\", \"label\": 1}\n");
    return data;
  }

  @Test
  void missingFileNamesThePath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.jsonl");
    Path out = dir.resolve("out.jsonl");
    CliRun r = run(missing, out);
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("no dataset at " + missing), r.err());
    assertFalse(Files.exists(out), "no output file for a failed start");
  }

  @Test
  void unknownFieldListsTheFields(@TempDir Path dir) throws Exception {
    CliRun r = run(jsonl(dir), dir.resolve("out.jsonl"), "--text-field", "body");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("no field 'body'"), r.err());
    assertTrue(r.err().contains("its fields are: text, label"), r.err());
    CliRun t = run(jsonl(dir), dir.resolve("out.jsonl"), "--target-field", "answer");
    assertEquals(2, t.exitCode(), t.err());
    assertTrue(t.err().contains("no field 'answer'"), t.err());
  }

  @Test
  void unknownFormat(@TempDir Path dir) throws Exception {
    Path txt = Files.writeString(dir.resolve("d.txt"), "hello\n");
    CliRun r = run(txt, dir.resolve("out.jsonl"));
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("unknown dataset format for " + txt), r.err());
    CliRun f = run(jsonl(dir), dir.resolve("out.jsonl"), "--format", "xml");
    assertEquals(2, f.exitCode(), f.err());
    assertTrue(f.err().contains("unknown dataset format 'xml'"), f.err());
  }

  @Test
  void unwritableOutput(@TempDir Path dir) throws Exception {
    Path data = jsonl(dir);
    CliRun noDir = run(data, dir.resolve("missing/out.jsonl"));
    assertEquals(2, noDir.exitCode(), noDir.err());
    assertTrue(noDir.err().contains("cannot write results to " + dir.resolve("missing")));
    CliRun isDir = run(data, dir);
    assertEquals(2, isDir.exitCode(), isDir.err());
    assertTrue(isDir.err().contains("cannot write results to " + dir), isDir.err());
    Path ro = Files.createDirectory(dir.resolve("ro"));
    assertTrue(ro.toFile().setWritable(false));
    try {
      if (!Files.isWritable(ro)) { // root can write anyway; the check is for everyone else
        CliRun denied = run(data, ro.resolve("out.jsonl"));
        assertEquals(2, denied.exitCode(), denied.err());
        assertTrue(denied.err().contains("permission denied"), denied.err());
      }
    } finally {
      ro.toFile().setWritable(true);
    }
  }

  @Test
  void corruptResultsFileIsLeftAlone(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.jsonl");
    Files.writeString(out, "{\"id\":\"0\",\"index\":0,\"result\":{}}\nnot json\n{\"id\":\"1\"}\n");
    byte[] before = Files.readAllBytes(out);
    CliRun r = run(jsonl(dir), out);
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains(out + " line 2 is not an attribute-dataset result"), r.err());
    assertArrayEquals(before, Files.readAllBytes(out));
  }

  @Test
  void savedHuggingFaceDatasetNeedsTheDatasetsPackage(@TempDir Path dir) throws Exception {
    Path hf = Files.createDirectory(dir.resolve("hf"));
    boolean installed =
        Boolean.TRUE.equals(
            PythonRuntime.shared()
                .eval("__import__('importlib.util').util.find_spec('datasets') is not None"));
    CliRun r = run(hf, dir.resolve("out.jsonl"));
    if (!installed) {
      assertEquals(2, r.exitCode(), r.err());
      assertTrue(r.err().contains("'datasets' is not installed"), r.err());
    } else {
      assertTrue(r.exitCode() != 0, "an empty directory is no saved dataset: " + r.err());
    }
    CliRun split = run(jsonl(dir), dir.resolve("out.jsonl"), "--split", "test");
    assertEquals(2, split.exitCode(), split.err());
    assertTrue(split.err().contains("--split test applies to Hugging Face datasets"));
  }
}
