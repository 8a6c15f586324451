package dev.explain4j.citation;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attribution.AggregatedAttribution;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.Attributor;
import dev.explain4j.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * Context attribution from any token-level method of the catalogue (gradient, attention,
 * occlusion): the method's aggregated token scores, summed over each source's tokens, for the whole
 * answer (summed over its steps) and for each answer sentence.
 */
public final class SourceSpans {
  private SourceSpans() {}

  /**
   * Runs {@code options}' method on the cited prompt with the answer forced, and sums its scores
   * over the sources: rows as {@link ContextAttribution#scores()} (row 0 the answer, then one per
   * sentence), one score per source.
   */
  public static double[][] attribute(
      Model model, ContextAttribution cited, AttributionOptions options) {
    try (AttributionResult r =
        new Attributor(model).attribute(cited.prompt(), cited.prompt() + cited.answer(), options)) {
      return sum(cited, r.targetIds(), r.aggregate());
    }
  }

  /**
   * Sums aggregated token scores of a forced attribution of {@code cited}'s prompt and answer
   * ({@code targetIds}: the ids it attributed, the prompt possibly after one start token).
   *
   * @throws InvalidInputException when the attribution tokenized the prompt or answer otherwise
   */
  public static double[][] sum(
      ContextAttribution cited, List<Long> targetIds, AggregatedAttribution agg) {
    List<Long> expected = new ArrayList<>();
    cited.promptIds().forEach(i -> expected.add(i.longValue()));
    cited.answerIds().forEach(i -> expected.add(i.longValue()));
    int offset = targetIds.size() - expected.size();
    if (offset < 0 || offset > 1 || !targetIds.subList(offset, targetIds.size()).equals(expected)) {
      throw new InvalidInputException(
          "the token attribution tokenized the prompt and answer differently from the citation"
              + " ("
              + targetIds.size()
              + " tokens, expected "
              + expected.size()
              + "); its scores cannot"
              + " be summed over the sources");
    }
    float[][] m = agg.target();
    int steps = agg.generatedTokens().size();
    if (m == null || steps != cited.answerIds().size()) {
      throw new InvalidInputException(
          "the token attribution has "
              + steps
              + " steps for an answer of "
              + cited.answerIds().size()
              + " tokens");
    }
    List<int[]> ranges = new ArrayList<>();
    ranges.add(new int[] {0, steps});
    cited.sentences().forEach(s -> ranges.add(new int[] {s.tokenStart(), s.tokenEnd()}));
    double[][] out = new double[ranges.size()][cited.sources().size()];
    for (int r = 0; r < ranges.size(); r++) {
      for (int i = 0; i < cited.sources().size(); i++) {
        ContextAttribution.Source s = cited.sources().get(i);
        double total = 0;
        for (int t = ranges.get(r)[0]; t < ranges.get(r)[1]; t++) {
          for (int row = offset + s.tokenStart(); row < offset + s.tokenEnd(); row++) {
            float v = m[row][t];
            if (!Float.isNaN(v)) {
              total += v;
            }
          }
        }
        out[r][i] = total;
      }
    }
    return out;
  }
}
