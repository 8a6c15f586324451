package dev.explain4j.attribution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Inseq's selection of salient tokens ({@code filter_rank_tokens}): indices ranked by |score|
 * (stable), kept when |score| reaches mean + k × std of the pooled scores (the sample standard
 * deviation; the mean alone when k is 0 or there is one score), then cut to the top k.
 *
 * @param ranked the kept indices, highest |score| first
 * @param threshold the threshold
 */
record CueSelection(List<Integer> ranked, double threshold) {

  static CueSelection of(List<Double> scores, List<Double> pooled, ContextRelianceOptions options) {
    return of(scores, pooled, options.attributionStdThreshold(), options.attributionTopk());
  }

  static CueSelection of(List<Double> scores, List<Double> pooled, double k, Integer topk) {
    double threshold = threshold(pooled, k);
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      idx.add(i);
    }
    idx.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(scores.get(i))));
    List<Integer> kept = idx.stream().filter(i -> Math.abs(scores.get(i)) >= threshold).toList();
    if (topk != null && kept.size() > topk) {
      kept = kept.subList(0, topk);
    }
    return new CueSelection(kept, threshold);
  }

  static double threshold(List<Double> scores, double k) {
    if (scores.isEmpty()) {
      return 0;
    }
    double mean = scores.stream().mapToDouble(Double::doubleValue).sum() / scores.size();
    if (k == 0 || scores.size() == 1) {
      return mean;
    }
    double ss = 0;
    for (double s : scores) {
      ss += (s - mean) * (s - mean);
    }
    return mean + k * Math.sqrt(ss / (scores.size() - 1));
  }
}
