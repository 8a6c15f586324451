package dev.explain4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.explain4j.attention.AttentionMaps;
import dev.explain4j.render.AttentionPage;
import dev.explain4j.render.AttentionPageOptions;
import dev.explain4j.render.HeatmapPng;
import dev.explain4j.render.HeatmapTable;
import dev.explain4j.render.Theme;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Section 4 of bench/run: the interactive attention page (HTML) and a PNG of the attention matrix,
 * time and size, at 512 and 2,048 tokens (30 layers × 9 heads at 512, the default model's shape; 4
 * × 4 at 2,048 so the input fits in memory). Prints one JSON line.
 */
public final class RenderBench {
  private RenderBench() {}

  public static void main(String[] args) throws Exception {
    int[][] cases = {{30, 9, 512}, {4, 4, 2048}};
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int[] c : cases) {
      AttentionMaps maps = causal(c[0], c[1], c[2]);
      AttentionPage.of(List.of(maps), AttentionPageOptions.defaults()).document(); // warm-up
      long t0 = System.nanoTime();
      AttentionPage page = AttentionPage.of(List.of(maps), AttentionPageOptions.defaults());
      byte[] html = page.document().getBytes(StandardCharsets.UTF_8);
      double htmlMs = (System.nanoTime() - t0) / 1e6;
      float[][] matrix = new float[c[2]][c[2]];
      for (int q = 0; q < c[2]; q++) {
        for (int k = 0; k <= q; k++) {
          matrix[q][k] = maps.get(0, 0, q, k);
        }
      }
      List<String> tokens = Collections.nCopies(c[2], "tok");
      HeatmapTable table = HeatmapTable.of("attention", tokens, tokens, matrix);
      long t1 = System.nanoTime();
      var image = HeatmapPng.image(table, Theme.LIGHT, 2, 2);
      var buf = new java.io.ByteArrayOutputStream();
      ImageIO.write(image, "png", buf);
      double pngMs = (System.nanoTime() - t1) / 1e6;
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("tokens", c[2]);
      r.put("layers x heads", c[0] + " x " + c[1]);
      r.put("html detail embedded", page.detail().toString());
      r.put("html ms", htmlMs);
      r.put("html MB", html.length / 1e6);
      r.put("png ms (2 px cells)", pngMs);
      r.put("png MB", buf.size() / 1e6);
      r.put("png pixels", image.getWidth() + " x " + image.getHeight());
      rows.add(r);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows", rows);
    out.put(
        "notes",
        List.of(
            "HTML: the self-contained interactive page (float16 data, no CDN); browser render times are"
                + " in the browser tests and bench/render/AttentionPageBench.java",
            "no peer row: BertViz and Inspectus render in the browser from CDN scripts and export no"
                + " images, so there is no like-for-like figure"));
    System.out.println(new ObjectMapper().writeValueAsString(out));
  }

  static AttentionMaps causal(int layers, int heads, int t) {
    Random rnd = new Random(1);
    FloatBuffer buf = FloatBuffer.allocate(layers * heads * t * t);
    for (int p = 0; p < layers * heads; p++) {
      for (int q = 0; q < t; q++) {
        double sum = 0;
        float[] row = new float[t];
        for (int k = 0; k <= q; k++) {
          row[k] = (float) Math.exp(rnd.nextGaussian());
          sum += row[k];
        }
        for (int k = 0; k <= q; k++) {
          row[k] /= (float) sum;
        }
        buf.put(row);
      }
    }
    buf.flip();
    return AttentionMaps.over(
        buf, new int[] {layers, heads, t, t}, Collections.nCopies(t, "tok"), null, "bench");
  }
}
