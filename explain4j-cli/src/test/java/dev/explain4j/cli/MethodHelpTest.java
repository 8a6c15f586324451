package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.Explain4jException;
import org.junit.jupiter.api.Test;

/** The methods section of the help when the catalogue cannot be read: one line, no trace. */
class MethodHelpTest {
  @Test
  void helpSaysWhyTheListIsMissing() {
    String text =
        MethodHelp.render(
            () -> {
              throw new Explain4jException("no Python at /nowhere\n  (details)");
            });
    assertTrue(
        text.contains(
            "Methods: listing them needs Python, which failed: no Python at /nowhere (details)"),
        text);
    assertTrue(text.strip().lines().count() == 1, text);
  }
}
