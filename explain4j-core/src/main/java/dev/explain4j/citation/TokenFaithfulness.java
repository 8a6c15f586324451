package dev.explain4j.citation;

import java.util.List;

/**
 * Token-level faithfulness of one attribution result: for each step (a generated token, or a
 * classifier's explained label) how the model's probability of it moves when the tokens the
 * attribution ranks highest are removed or kept alone. Immutable.
 *
 * <p>The units are the source tokens of a generation (the prompt of a decoder-only model, the
 * encoder input of an encoder-decoder model; the generated prefix stays) and the input's
 * non-special tokens for classifiers ([CLS], [SEP] and the like always stay and are not ranked).
 *
 * @param units the evaluated token positions: rows of the result's target tokens (decoder-only
 *     generation) or source tokens (encoder-decoder generation, classifiers)
 * @param steps one entry per step, in step order
 * @param mean the means over the steps
 * @param provenance model, attribution, options and time
 */
public record TokenFaithfulness(
    List<Integer> units, List<Step> steps, Summary mean, FaithfulnessProvenance provenance) {
  /** Defensive copies. */
  public TokenFaithfulness {
    units = List.copyOf(units);
    steps = List.copyOf(steps);
  }

  /**
   * One step's scores.
   *
   * @param step the step's index
   * @param objective the generated token or the explained label
   * @param metrics ERASER comprehensiveness and sufficiency with AOPC, deletion and insertion
   *     curves and their areas, on the step's probability ({@link Faithfulness#full()})
   * @param softComprehensiveness {@code max(0, p - p(x with each unit's embedding kept with
   *     probability 1 - q)))}, {@code q} the min-max scaled scores; NaN when not computed
   * @param softSufficiency {@code 1 - max(0, p - p(x kept with probability q))}; NaN when not
   *     computed
   */
  public record Step(
      int step,
      String objective,
      Faithfulness metrics,
      double softComprehensiveness,
      double softSufficiency) {}

  /**
   * Means over the steps.
   *
   * @param full the step's probability with every token
   * @param aopcComprehensiveness AOPC comprehensiveness (higher: more faithful)
   * @param aopcSufficiency AOPC sufficiency (lower: more faithful)
   * @param deletionArea the deletion curve's area (lower: more faithful)
   * @param insertionArea the insertion curve's area (higher: more faithful)
   * @param softComprehensiveness soft comprehensiveness, or NaN
   * @param softSufficiency soft sufficiency, or NaN
   */
  public record Summary(
      double full,
      double aopcComprehensiveness,
      double aopcSufficiency,
      double deletionArea,
      double insertionArea,
      double softComprehensiveness,
      double softSufficiency) {}
}
