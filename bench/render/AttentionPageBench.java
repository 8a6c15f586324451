// Sizes and render times of the offline attention page. Not a test: numbers for people.
//
//   mvn -q -DskipTests compile
//   java -Xmx4g -cp target/classes bench/render/AttentionPageBench.java [/usr/bin/chromium]
//
// For each case: the detail level the budget allows, values embedded, page bytes, the time Java
// took to build and write it, and, with a Chromium path, the wall time of a headless
// --dump-dom run (start-up included) and the page's own time to its first render.
import dev.explain4j.attention.AttentionMaps;
import dev.explain4j.render.AttentionPage;
import dev.explain4j.render.AttentionPageOptions;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class AttentionPageBench {
  public static void main(String[] args) throws Exception {
    String chromium = args.length > 0 ? args[0] : null;
    int[][] cases = {{30, 9, 200}, {30, 9, 500}, {2, 3, 2000}, {1, 1, 2000}, {1, 1, 4000}};
    Path dir = Files.createTempDirectory("e4j-bench-");
    System.out.println("layers heads tokens | detail values bytes build_ms | chromium_s first_render_ms");
    for (int[] c : cases) {
      AttentionMaps maps = causal(c[0], c[1], c[2]);
      long t0 = System.nanoTime();
      AttentionPage page = AttentionPage.of(List.of(maps), AttentionPageOptions.builder().elementId("p").build());
      Path file = dir.resolve("page-" + c[0] + "x" + c[1] + "x" + c[2] + ".html");
      page.write(file);
      double buildMs = (System.nanoTime() - t0) / 1e6;
      String browser = "";
      if (chromium != null) {
        long t1 = System.nanoTime();
        String dom = dumpDom(chromium, file);
        double s = (System.nanoTime() - t1) / 1e9;
        Matcher m = Pattern.compile("data-render-ms=\"([0-9.]+)\"").matcher(dom);
        browser = String.format(" | %.1f %s", s, m.find() ? m.group(1) : "NOT RENDERED");
      }
      System.out.printf("%d %d %d | %s %,d %,d %.0f%s%n", c[0], c[1], c[2], page.detail(),
          page.embeddedValues(), Files.size(file), buildMs, browser);
      Files.delete(file);
    }
    Files.delete(dir);
  }

  static String dumpDom(String chromium, Path file) throws Exception {
    Path profile = Files.createTempDirectory("e4j-bench-profile-");
    try {
      Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
              "--disable-quic", "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
              "--dump-dom", file.toUri().toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      return out;
    } finally {
      try (var s = Files.walk(profile)) {
        for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(x);
        }
      }
    }
  }

  static AttentionMaps causal(int layers, int heads, int t) {
    Random r = new Random(1);
    FloatBuffer buf = FloatBuffer.allocate(layers * heads * t * t);
    float[] row = new float[t];
    for (int p = 0; p < layers * heads; p++) {
      for (int q = 0; q < t; q++) {
        double sum = 0;
        for (int k = 0; k <= q; k++) {
          row[k] = (float) Math.exp(2 * r.nextGaussian());
          sum += row[k];
        }
        for (int k = 0; k < t; k++) {
          buf.put(k <= q ? (float) (row[k] / sum) : 0f);
        }
      }
    }
    buf.flip();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < t; i++) {
      tokens.add(" tok" + i);
    }
    return AttentionMaps.over(buf, new int[] {layers, heads, t, t}, tokens, null, "self-attention");
  }
}
