package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report from the CLI carries the granular and per-token views; bad flags are refused. */
@Tag("python")
class GranularReportCommandTest {
  private static final String GPT2 = "tests/fixtures/tiny-models/gpt2";

  private static CliRun attribute(String... extra) {
    String[] base = {
      "attribute", "-m", GPT2, "--device", "cpu", "-i", "hello", "--target", "hello world again"
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return CliRun.run(all);
  }

  @Test
  void htmlReportHasTheGranularViews(@TempDir Path dir) throws Exception {
    Path html = dir.resolve("r.html");
    CliRun r =
        attribute(
            "--step-scores",
            "probability",
            "--step-score-highlight",
            "probability",
            "--max-show-size",
            "5",
            "--plain",
            "--html",
            html.toString());
    assertEquals(0, r.exitCode(), r.err());
    String page = Files.readString(html);
    assertTrue(page.contains("class=\"e4j e4j-granular\""), "granular section");
    assertTrue(page.contains("hidden: 5 of "), "max show size from the flag");
    assertTrue(page.contains("\"highlight\":{\"name\":\"probability\""), "highlight from the flag");
  }

  @Test
  void badReportFlagsAreOneLineWithExitTwo(@TempDir Path dir) {
    Path html = dir.resolve("r.html");
    CliRun size = attribute("--max-show-size", "0", "--html", html.toString());
    assertEquals(2, size.exitCode(), size.err());
    assertTrue(size.err().contains("--max-show-size must be at least 1, got 0"), size.err());
    CliRun hl =
        attribute(
            "--step-scores",
            "entropy",
            "--step-score-highlight",
            "probability",
            "-o",
            html.toString());
    assertEquals(2, hl.exitCode(), hl.err());
    assertTrue(
        hl.err()
            .contains("--step-score-highlight 'probability' is not among --step-scores (entropy)"),
        hl.err());
    assertEquals(1, hl.err().strip().lines().count(), hl.err());
    assertFalse(Files.exists(html));
  }
}
