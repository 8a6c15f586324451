package dev.explain4j.attention;

import dev.explain4j.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * AttentionData-style statistics for one head: every key token occurrence whose score is above its
 * row's average, ranked by the multiple. For causal attention the average of row {@code q} is taken
 * over the {@code q + 1} visible keys (so it is {@code 1 / (q + 1)} for softmax rows); otherwise
 * over all keys.
 */
public final class AttentionMultiples {
  private final List<ScoreMultiple> ranked;

  private AttentionMultiples(List<ScoreMultiple> ranked) {
    this.ranked = ranked;
  }

  /**
   * Collects the multiples of head {@code (layer, head)} over a batch of sequences.
   *
   * @param minQuery skip query rows before this position (AttentionData skips the first 10 rows,
   *     whose averages are large)
   */
  public static AttentionMultiples of(
      List<AttentionMaps> batch, int layer, int head, int minQuery) {
    if (batch.isEmpty()) {
      throw new InvalidInputException("no attention maps given");
    }
    List<ScoreMultiple> all = new ArrayList<>();
    for (int s = 0; s < batch.size(); s++) {
      AttentionMaps maps = batch.get(s);
      boolean causal = maps.isCausal();
      for (int q = Math.max(0, minQuery); q < maps.queries(); q++) {
        int visible = causal ? q + 1 : maps.keys();
        float[] row = new float[visible];
        double sum = 0;
        for (int k = 0; k < visible; k++) {
          row[k] = maps.get(layer, head, q, k);
          sum += row[k];
        }
        double average = causal ? 1.0 / visible : sum / visible;
        if (average <= 0) {
          continue;
        }
        List<String> context = maps.keyTokens().subList(0, visible);
        for (int k = 0; k < visible; k++) {
          double multiple = row[k] / average;
          if (multiple > 1) {
            all.add(new ScoreMultiple(context.get(k), s, q, k, multiple, context, row));
          }
        }
      }
    }
    all.sort(
        Comparator.comparingDouble(ScoreMultiple::multiple)
            .reversed()
            .thenComparingInt(ScoreMultiple::sequence)
            .thenComparingInt(ScoreMultiple::query)
            .thenComparingInt(ScoreMultiple::key));
    return new AttentionMultiples(List.copyOf(all));
  }

  /** Every above-average occurrence, highest multiple first. */
  public List<ScoreMultiple> all() {
    return ranked;
  }

  /** The {@code n} highest multiples, or the {@code n} lowest when {@code reverse}. */
  public List<ScoreMultiple> ranked(int n, boolean reverse) {
    checkCount(n);
    int size = ranked.size();
    return reverse
        ? ranked.subList(Math.max(0, size - n), size)
        : ranked.subList(0, Math.min(n, size));
  }

  /** The {@code n} highest multiples of one token string. */
  public List<ScoreMultiple> rankedFor(String token, int n) {
    checkCount(n);
    return ranked.stream().filter(m -> m.token().equals(token)).limit(n).toList();
  }

  /** {@code n} occurrences drawn at random without replacement, reproducibly for a seed. */
  public List<ScoreMultiple> random(int n, long seed) {
    checkCount(n);
    List<ScoreMultiple> pool = new ArrayList<>(ranked);
    java.util.Collections.shuffle(pool, new Random(seed));
    return List.copyOf(pool.subList(0, Math.min(n, pool.size())));
  }

  private static void checkCount(int n) {
    if (n <= 0) {
      throw new InvalidInputException("the number of multiples must be positive, got " + n);
    }
  }
}
