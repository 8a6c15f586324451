package dev.explain4j.citation;

import java.util.List;

/**
 * Faithfulness of one attribution over sources (ERASER, after DeYoung et al. 2020; curves after
 * Petsiuk et al. 2018). The output is the answer's log-probability unless another quantity was
 * asked for.
 *
 * @param full the output with every source
 * @param binSizes the number of top sources removed or kept per bin (null: bin skipped)
 * @param comprehensiveness full minus the output with the bin's top sources removed, per bin
 * @param sufficiency full minus the output with only the bin's top sources, per bin
 * @param aopcComprehensiveness the mean of {@code comprehensiveness}
 * @param aopcSufficiency the mean of {@code sufficiency}
 * @param fractions the fraction of sources removed (deletion) or added (insertion) per point
 * @param deletion the output with the top sources removed, per point
 * @param insertion the output with only the top sources, per point
 * @param deletionArea the area under the deletion curve (trapezoid rule over [0, 1])
 * @param insertionArea the area under the insertion curve
 */
public record Faithfulness(
    double full,
    List<Integer> binSizes,
    double[] comprehensiveness,
    double[] sufficiency,
    double aopcComprehensiveness,
    double aopcSufficiency,
    double[] fractions,
    double[] deletion,
    double[] insertion,
    double deletionArea,
    double insertionArea) {
  /** Defensive copies. */
  public Faithfulness {
    binSizes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(binSizes));
    comprehensiveness = comprehensiveness.clone();
    sufficiency = sufficiency.clone();
    fractions = fractions.clone();
    deletion = deletion.clone();
    insertion = insertion.clone();
  }

  @Override
  public double[] comprehensiveness() {
    return comprehensiveness.clone();
  }

  @Override
  public double[] sufficiency() {
    return sufficiency.clone();
  }

  @Override
  public double[] fractions() {
    return fractions.clone();
  }

  @Override
  public double[] deletion() {
    return deletion.clone();
  }

  @Override
  public double[] insertion() {
    return insertion.clone();
  }
}
