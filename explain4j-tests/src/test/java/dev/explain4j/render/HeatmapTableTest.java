package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeatmapTableTest {
  /** An Inseq-style attribution table: source + target tokens × generated tokens, step scores. */
  static HeatmapTable inseqLike() {
    List<String> rows =
        List.of(
            "Hello",
            " world",
            "<script>alert(1)</script>",
            " 東京",
            "\u202Eabc",
            "→",
            " Bonjour",
            " le",
            " monde");
    List<String> cols = List.of(" Bonjour", " le", " monde", "</s>");
    float[][] v = new float[rows.size()][cols.size()];
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < cols.size(); c++) {
        boolean future = r >= 6 && r - 6 >= c;
        v[r][c] = future ? Float.NaN : (float) Math.sin(r * 1.7 + c * 0.9) * 0.8f;
      }
    }
    return new HeatmapTable(
            "Integrated gradients: \"Hello world\" → French", rows, cols, v, List.of(), null)
        .withScoreRow("probability", new float[] {0.91f, 0.55f, 0.78f, 0.99f})
        .withScoreRow("entropy", new float[] {0.4f, 2.1f, 1.2f, 0.05f});
  }

  @Test
  void copiesInAndOut() {
    float[][] v = {{1, 2}, {3, 4}};
    List<String> rows = new ArrayList<>(List.of("a", "b"));
    HeatmapTable t = HeatmapTable.of("t", rows, List.of("x", "y"), v);
    v[0][0] = 99;
    rows.set(0, "changed");
    t.values()[1][1] = 99;
    assertEquals(1f, t.value(0, 0));
    assertEquals(4f, t.value(1, 1));
    assertEquals("a", t.rowLabels().get(0));
    assertArrayEquals(new float[] {1, 2}, t.values()[0]);
    float[] scores = {5, 6};
    HeatmapTable s = t.withScoreRow("p", scores);
    scores[0] = 0;
    assertEquals(5f, s.scoreRows().get(0).value(0));
    assertEquals(0, t.scoreRows().size());
    assertEquals(
        HeatmapTable.of("t", List.of("a", "b"), List.of("x", "y"), new float[][] {{1, 2}, {3, 4}}),
        t);
    assertNotEquals(t, s);
  }

  @Test
  void rangeIsFittedOrGiven() {
    HeatmapTable pos =
        HeatmapTable.of("", List.of("a"), List.of("x", "y"), new float[][] {{0.5f, 2f}});
    assertEquals(ValueRange.sequential(0, 2), pos.range());
    HeatmapTable neg =
        HeatmapTable.of("", List.of("a"), List.of("x", "y"), new float[][] {{-3f, 2f}});
    assertEquals(ValueRange.symmetric(3), neg.range());
    assertEquals(ValueRange.unit(), pos.withRange(ValueRange.unit()).range());
    assertTrue(inseqLike().range().isDiverging());
  }

  @Test
  void badShapesNameTheTable() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> HeatmapTable.of("ig", List.of("a", "b"), List.of("x"), new float[][] {{1}}));
    assertTrue(e.getMessage().contains("'ig' has 1 value rows for 2 row labels"), e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class,
            () -> HeatmapTable.of("ig", List.of("a"), List.of("x", "y"), new float[][] {{1}}));
    assertTrue(e.getMessage().contains("row 0 has 1 values for 2 columns"), e.getMessage());
    HeatmapTable t = HeatmapTable.of("ig", List.of("a"), List.of("x", "y"), new float[][] {{1, 2}});
    e = assertThrows(InvalidInputException.class, () -> t.withScoreRow("p", new float[] {1}));
    assertTrue(e.getMessage().contains("score row 'p' has 1 values for 2 columns"), e.getMessage());
  }
}
