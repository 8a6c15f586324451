package dev.explain4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayEntryPointTest {
  private final GatewayEntryPoint entry = new GatewayEntryPoint();
  @TempDir Path dir;

  private static float[] ramp(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (i % 7) / 7f;
    }
    return v;
  }

  @Test
  void versionIsTheProjectVersion() throws Exception {
    String pom = Files.readString(Path.of("explain4j-gateway/pom.xml"));
    Matcher m =
        Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
    assertTrue(m.find(), "the gateway pom names its parent's version");
    assertEquals(m.group(1), entry.version());
  }

  @Test
  void attentionPageFromIpcFileWithEscapedTokens() throws Exception {
    Path f = IpcFiles.floats(dir.resolve("a.arrow"), ramp(2 * 3 * 4 * 4), 2, 3, 4, 4);
    List<String> tokens = List.of("<b>", "x&y", "z", "w");
    String html = entry.attentionHtml(f.toString(), tokens, null, "{\"elementId\":\"e4jtest\"}");
    assertTrue(html.contains("id=\"e4jtest\""), "root id");
    assertTrue(html.contains("class=\"e4j e4j-attn\""), "attention page fragment");
    assertTrue(html.contains("\\u003cb\\u003e") && html.contains("x\\u0026y"), "escaped tokens");
    assertFalse(html.contains("<b>"), "raw token markup must not appear");
    assertFalse(html.contains("<!DOCTYPE"), "a fragment by default");
    String doc = entry.attentionHtml(f.toString(), tokens, tokens, "{\"document\":true}");
    assertTrue(doc.startsWith("<!DOCTYPE html>"));
  }

  @Test
  void attentionWritesFileWhenAsked() throws Exception {
    Path f = IpcFiles.floats(dir.resolve("a.arrow"), ramp(9), 3, 3);
    Path out = dir.resolve("page.html");
    String json = "{\"out\":\"" + out.toString().replace("\\", "\\\\") + "\"}";
    String written = entry.attentionHtml(f.toString(), List.of("a", "b", "c"), null, json);
    assertEquals(out.toAbsolutePath().toString(), written);
    assertTrue(Files.readString(out).contains("e4j-attn"));
  }

  @Test
  void attributionTableWithStepScores() throws Exception {
    Path f = IpcFiles.floats(dir.resolve("s.arrow"), new float[] {0.1f, 0.9f, 0.5f, 0.25f}, 2, 2);
    String html =
        entry.attributionHtml(
            f.toString(),
            List.of("<src>", "a"),
            List.of("t1", "t2"),
            "{\"title\":\"Saliency\",\"stepScores\":[{\"label\":\"probability\",\"values\":[0.5,0.75]}]}");
    assertTrue(html.contains("class=\"e4j-heat\""));
    assertTrue(html.contains("&lt;src&gt;"));
    assertTrue(html.contains("e4j-scores") && html.contains("probability"));
    assertTrue(html.contains("Saliency"));
  }

  @Test
  void checksumsOfFileAndBytesAgree() throws Exception {
    float[] v = ramp(1000);
    double expected = 0;
    for (float x : v) {
      expected += x;
    }
    Path f = IpcFiles.floats(dir.resolve("c.arrow"), v, 10, 100);
    BenchEntryPoint bench = new BenchEntryPoint();
    assertEquals(expected, bench.checksum(f.toString()), 1e-9);
    java.nio.ByteBuffer bytes =
        java.nio.ByteBuffer.allocate(v.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(v);
    assertEquals(expected, bench.checksumBytes(bytes.array()), 1e-9);
    assertThrows(InvalidInputException.class, () -> bench.checksumBytes(new byte[3]));
  }

  @Test
  void badInputNamesTheProblem() throws Exception {
    Path missing = dir.resolve("none.arrow");
    var e =
        assertThrows(
            InvalidInputException.class,
            () -> entry.attentionHtml(missing.toString(), List.of("a"), null, null));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());

    Path ints = IpcFiles.ints(dir.resolve("i.arrow"), new int[] {1, 2, 3, 4});
    e =
        assertThrows(
            InvalidInputException.class,
            () -> entry.attentionHtml(ints.toString(), List.of("a", "b"), null, null));
    assertTrue(e.getMessage().contains("float32"), e.getMessage());

    Path f = IpcFiles.floats(dir.resolve("f.arrow"), ramp(4), 2, 2);
    e =
        assertThrows(
            InvalidInputException.class,
            () -> entry.attentionHtml(f.toString(), List.of("a", "b", "c"), null, null));
    assertTrue(e.getMessage().contains("3 query tokens"), e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class,
            () -> entry.attentionHtml(f.toString(), List.of("a", "b"), null, "{\"theme\":\"x\"}"));
    assertTrue(e.getMessage().contains("theme"), e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class,
            () -> entry.attributionHtml(f.toString(), List.of("a"), List.of("b", "c"), "[1]"));
    assertTrue(e.getMessage().contains("JSON object"), e.getMessage());
  }
}
