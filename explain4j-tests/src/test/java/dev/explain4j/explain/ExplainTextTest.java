package dev.explain4j.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.render.ColoredText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExplainTextTest {

  @Test
  void bandsFollowTheSeedThresholds() {
    assertEquals(0, Palette.band(0.0));
    assertEquals(0, Palette.band(0.3));
    assertEquals(1, Palette.band(0.31));
    assertEquals(2, Palette.band(0.7));
    assertEquals(3, Palette.band(0.9));
    assertEquals(4, Palette.band(0.91));
    assertEquals(31, Palette.bandCode(4));
    assertEquals(37, Palette.bandCode(0));
  }

  @Test
  void fiveBandColoursScaledScores() {
    ColoredText t = ColoredText.of(List.of("a", " b", " c", " d"), new float[] {2, 4, 3, 6});
    assertArrayEquals(new float[] {0, 0.5f, 0.25f, 1}, ExplainText.scaled(t.scores()), 1e-6f);
    String s = ExplainText.ansi(t, Palette.FIVE_BAND);
    assertEquals(
        "\u001b[37ma\u001b[0m\u001b[90m b\u001b[0m\u001b[37m c\u001b[0m\u001b[31m d\u001b[0m\n", s);
  }

  @Test
  void nanStaysUncolouredAndEqualScoresAreTheLowestBand() {
    ColoredText t = ColoredText.of(List.of("x", "y"), new float[] {Float.NaN, 1});
    assertEquals("x\u001b[37my\u001b[0m\n", ExplainText.ansi(t, Palette.FIVE_BAND));
  }

  @Test
  void otherPalettesUseTrueColour() {
    ColoredText t = ColoredText.of(List.of("a", "b"), new float[] {-1, 2});
    assertTrue(ExplainText.ansi(t, Palette.DIVERGING).contains("\u001b[48;2;"));
    assertTrue(ExplainText.ansi(t, Palette.SEQUENTIAL).contains("\u001b["));
  }

  /** Colouring and terminal escaping live in render only: explain/ writes no escape of its own. */
  @Test
  void explainWritesNoTerminalEscapesOfItsOwn() throws IOException {
    try (Stream<Path> files =
        Files.list(Path.of("explain4j-core/src/main/java/dev/explain4j/explain"))) {
      List<String> offenders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(
                  f -> {
                    try {
                      String src = Files.readString(f);
                      return src.contains("\\u001b")
                          || src.contains("\\033")
                          || src.contains("\u001b");
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .map(f -> f.getFileName().toString())
              .toList();
      assertEquals(List.of(), offenders);
    }
  }
}
