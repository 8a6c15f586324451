package dev.explain4j.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Inseq's token selection ({@code filter_rank_tokens}), checked by hand; no Python. */
class CueSelectionTest {
  private static final List<Double> SCORES = List.of(0.0, 0.0, 0.0, 3.0);

  @Test
  void thresholdIsMeanPlusKSampleStandardDeviations() {
    // mean 0.75, sample std 1.5 (population std would be 1.299)
    assertEquals(0.75 + 1.6 * 1.5, CueSelection.threshold(SCORES, 1.6), 1e-12);
    assertEquals(List.of(), CueSelection.of(SCORES, SCORES, 1.6, null).ranked());
    assertEquals(List.of(3), CueSelection.of(SCORES, SCORES, 1.5, null).ranked());
  }

  @Test
  void zeroKOrOneScoreUsesTheMeanAndNoScoresUseZero() {
    assertEquals(0.75, CueSelection.threshold(SCORES, 0), 1e-12);
    assertEquals(-2.0, CueSelection.threshold(List.of(-2.0), 3), 1e-12);
    assertEquals(0.0, CueSelection.threshold(List.of(), 1), 0);
  }

  @Test
  void rankedByAbsoluteScoreStableThenCutToTopK() {
    List<Double> s = List.of(0.5, -2.0, 2.0, 0.1, 1.0);
    // threshold: the mean, 0.32; the tie between -2 and 2 keeps index order
    assertEquals(List.of(1, 2, 4, 0), CueSelection.of(s, s, 0, null).ranked());
    assertEquals(List.of(1, 2), CueSelection.of(s, s, 0, 2).ranked());
  }

  @Test
  void poolDecidesTheThresholdAndScoresTheCandidates() {
    List<Double> scores = List.of(1.0, 2.0);
    assertEquals(
        List.of(1, 0), CueSelection.of(scores, List.of(0.0, 0.0, 0.0, 0.0), 0, null).ranked());
    assertEquals(List.of(), CueSelection.of(scores, List.of(5.0, 5.0), 0, null).ranked());
  }
}
