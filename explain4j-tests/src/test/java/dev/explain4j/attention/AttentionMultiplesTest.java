package dev.explain4j.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttentionMultiplesTest {
  private static final List<String> TOKENS = List.of("a", "b", "a", "c");

  private static AttentionMaps maps() {
    float[][] qk = {
      {1f, 0, 0, 0}, {0.9f, 0.1f, 0, 0}, {0.2f, 0.2f, 0.6f, 0}, {0.1f, 0.1f, 0.1f, 0.7f}
    };
    return AttentionMaps.of(qk, TOKENS, null);
  }

  @Test
  void multiplesAreScoresOverTheVisibleAverage() {
    AttentionMultiples m = AttentionMultiples.of(List.of(maps()), 0, 0, 0);
    List<ScoreMultiple> all = m.all();
    // Above-average entries: row1 k0 (0.9*2), row2 k2 (0.6*3), row3 k3 (0.7*4).
    assertEquals(3, all.size());
    assertEquals(2.8, all.get(0).multiple(), 1e-6);
    assertEquals("c", all.get(0).token());
    assertEquals(3, all.get(0).query());
    assertEquals(List.of("a", "b", "a", "c"), all.get(0).context());
    assertEquals(1.8, all.get(1).multiple(), 1e-6);
    assertEquals(1.8, all.get(2).multiple(), 1e-6);
    assertEquals(2, all.get(1).query(), "ties are ordered by position");
    assertEquals(1, m.ranked(1, true).size());
    assertEquals(1, m.ranked(1, true).get(0).query());
    assertEquals(2, m.rankedFor("a", 10).size());
    assertTrue(m.rankedFor("zzz", 10).isEmpty());
  }

  @Test
  void minQuerySkipsEarlyRowsAndRandomIsReproducible() {
    AttentionMultiples m = AttentionMultiples.of(List.of(maps(), maps()), 0, 0, 2);
    assertEquals(4, m.all().size());
    assertEquals(m.random(3, 7), m.random(3, 7));
    assertEquals(4, m.random(10, 1).size());
    assertThrows(InvalidInputException.class, () -> m.ranked(0, false));
  }
}
