package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Real headless Chromium for browser tests: every run gets a fresh profile directory (deleted
 * afterwards) and no network (host names resolve to nothing, and a dead proxy catches the rest).
 * The binary is {@code /usr/bin/chromium} or {@code $EXPLAIN4J_CHROMIUM}; {@code bin/setup
 * --browser} installs it.
 */
final class Chromium {
  static final long TIMEOUT_S = 120;

  private Chromium() {}

  static Path binary() {
    String env = System.getenv("EXPLAIN4J_CHROMIUM");
    Path p = Path.of(env != null && !env.isBlank() ? env : "/usr/bin/chromium");
    if (!Files.isExecutable(p)) {
      fail(
          "Chromium is not installed at "
              + p
              + "; run bin/setup --browser (as root: it runs apt-get install chromium),"
              + " or set EXPLAIN4J_CHROMIUM");
    }
    return p;
  }

  /** The DOM after the page's scripts ran, serialised. */
  static Run dumpDom(Path page, String fragment) throws IOException, InterruptedException {
    return run(page, fragment, List.of("--dump-dom"));
  }

  /** A screenshot of the window. */
  static Run screenshot(Path page, String fragment, Path png, int width, int height)
      throws IOException, InterruptedException {
    return run(
        page,
        fragment,
        List.of(
            "--screenshot=" + png.toAbsolutePath(),
            "--window-size=" + width + "," + height,
            "--hide-scrollbars"));
  }

  private static Run run(Path page, String fragment, List<String> extra)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("e4j-chromium-");
    Path err = profile.resolveSibling(profile.getFileName() + ".stderr");
    try {
      List<String> cmd = new ArrayList<>();
      cmd.add(binary().toString());
      cmd.addAll(
          List.of(
              "--headless",
              "--no-sandbox",
              "--disable-gpu",
              "--disable-quic",
              "--no-first-run",
              "--disable-background-networking",
              "--disable-component-update",
              "--disable-sync",
              "--disable-extensions",
              "--host-resolver-rules=MAP * ~NOTFOUND",
              "--proxy-server=127.0.0.1:9",
              "--proxy-bypass-list=<-loopback>",
              "--user-data-dir=" + profile));
      cmd.addAll(extra);
      String url = page.toAbsolutePath().toUri() + (fragment == null ? "" : "#" + fragment);
      cmd.add(url);
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder(cmd)
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        fail("Chromium did not finish within " + TIMEOUT_S + " s on " + url);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (p.exitValue() != 0) {
        fail("Chromium exited with " + p.exitValue() + " on " + url + ":\n" + tail(err));
      }
      return new Run(new String(out, StandardCharsets.UTF_8), seconds);
    } finally {
      deleteTree(profile);
      Files.deleteIfExists(err);
    }
  }

  private static String tail(Path err) throws IOException {
    List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** What a run printed, and how long Chromium took from start to exit. */
  record Run(String stdout, double seconds) {
    /** An attribute of the element with this id, from the dumped DOM. */
    String rootAttribute(String id, String name) {
      Matcher m =
          Pattern.compile("<div [^>]*id=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(stdout);
      if (!m.find()) {
        fail("no element with id " + id + " in the dumped DOM");
      }
      Matcher a = Pattern.compile("\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(m.group());
      return a.find() ? a.group(1) : null;
    }

    /** The text of the hidden views element (HTML entities decoded). */
    String views() {
      Matcher m =
          Pattern.compile("<pre class=\"e4j-views\"[^>]*>(.*?)</pre>", Pattern.DOTALL)
              .matcher(stdout);
      if (!m.find()) {
        fail("no e4j-views element in the dumped DOM");
      }
      return m.group(1)
          .replace("&quot;", "\"")
          .replace("&lt;", "<")
          .replace("&gt;", ">")
          .replace("&amp;", "&");
    }
  }
}
