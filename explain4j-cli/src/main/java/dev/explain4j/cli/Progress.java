package dev.explain4j.cli;

import dev.explain4j.render.TokenText;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A text progress bar on standard error, redrawn in place with {@code \r}. It draws only when
 * enabled (the CLI enables it when the console is a terminal), so piped or captured output stays
 * clean; {@link #finish()} ends the line.
 */
final class Progress {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private final boolean enabled;
  private final String label;
  private final int total;
  private final long startNanos = System.nanoTime();
  private long lastDraw;
  private int done;
  private boolean drawn;

  Progress(PrintWriter err, boolean enabled, String label, int total) {
    this.err = err;
    this.enabled = enabled;
    this.label = label;
    this.total = Math.max(total, 0);
  }

  /** Whether standard error should get a live bar: a terminal and not {@code TERM=dumb}. */
  static boolean terminal() {
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  /** Counts {@code n} more items done and redraws (at most ten times a second). */
  void step(int n) {
    done += n;
    long now = System.nanoTime();
    if (enabled && (now - lastDraw > 100_000_000L || done >= total)) {
      lastDraw = now;
      err.print("\r" + line(done, total, (now - startNanos) / 1e9));
      err.flush();
      drawn = true;
    }
  }

  /**
   * Prints a line of its own (ending the bar's line first), made visible ({@link
   * TokenText#visible}) as it may echo records or model errors; the bar redraws on the next step.
   */
  void message(String line) {
    finish();
    err.println(TokenText.visible(line));
    err.flush();
    lastDraw = System.nanoTime() - 1_000_000_000L;
  }

  /** Ends the bar's line, if one was drawn. */
  void finish() {
    if (drawn) {
      err.println();
      err.flush();
      drawn = false;
    }
  }

  /** The bar's text, e.g. {@code records [####### ] 12/25 4.1s eta 4.4s}. */
  String line(int done, int total, double seconds) {
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * Math.min(done, total) / total);
    String eta =
        done == 0 || done >= total
            ? ""
            : String.format(Locale.ROOT, " eta %.1fs", seconds / done * (total - done));
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %d/%d %.1fs%s",
        label,
        "#".repeat(filled),
        " ".repeat(WIDTH - filled),
        done,
        total,
        seconds,
        eta);
  }
}
