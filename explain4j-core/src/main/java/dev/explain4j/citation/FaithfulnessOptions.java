package dev.explain4j.citation;

import dev.explain4j.InvalidInputException;
import java.util.List;
import java.util.Map;

/**
 * Options of {@link FaithfulnessEvaluator}; {@code builder().build()} evaluates ERASER
 * comprehensiveness and sufficiency over the top 1, 5, 10, 20 and 50% of tokens (rounded up), full
 * deletion and insertion curves and the soft scores, on the method's default aggregation.
 *
 * @param bins fractions of the tokens removed (comprehensiveness) or kept (sufficiency), each in
 *     (0, 1]
 * @param rounding {@code ceil} (a bin holds at least one token) or {@code floor} (a bin of zero
 *     tokens is skipped)
 * @param curvePoints points per deletion and insertion curve, or null for one per token count
 * @param soft also compute soft comprehensiveness and sufficiency (random embedding masks)
 * @param seed the seed of the soft scores' masks
 * @param batchSize perturbed inputs per forward pass
 * @param aggregation the aggregation that turns the result into one score per token and step, as
 *     {@link dev.explain4j.attribution.AttributionResult#aggregate(List)} takes it, or null for the
 *     method's default
 */
public record FaithfulnessOptions(
    List<Double> bins,
    String rounding,
    Integer curvePoints,
    boolean soft,
    long seed,
    int batchSize,
    List<Map<String, Object>> aggregation) {
  /** The ERASER bins explain4j uses by default: 1, 5, 10, 20 and 50%. */
  public static final List<Double> DEFAULT_BINS = List.of(0.01, 0.05, 0.10, 0.20, 0.50);

  /** Defensive copies. */
  public FaithfulnessOptions {
    bins = List.copyOf(bins);
    aggregation = aggregation == null ? null : aggregation.stream().map(Map::copyOf).toList();
  }

  /** The defaults. */
  public static FaithfulnessOptions defaults() {
    return builder().build();
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link FaithfulnessOptions}; {@link #build()} checks the values. */
  public static final class Builder {
    private List<Double> bins = DEFAULT_BINS;
    private String rounding = "ceil";
    private Integer curvePoints;
    private boolean soft = true;
    private long seed;
    private int batchSize = 8;
    private List<Map<String, Object>> aggregation;

    private Builder() {}

    /** Fractions of the tokens per ERASER bin (default 0.01, 0.05, 0.10, 0.20, 0.50). */
    public Builder optBins(List<Double> v) {
      bins = v == null ? null : List.copyOf(v);
      return this;
    }

    /** {@code ceil} (default) or {@code floor}: how a bin's token count is rounded. */
    public Builder optRounding(String v) {
      rounding = v;
      return this;
    }

    /** Points per curve (default: every token count, 0 to all). */
    public Builder optCurvePoints(Integer v) {
      curvePoints = v;
      return this;
    }

    /** Soft comprehensiveness and sufficiency (default true). */
    public Builder optSoft(boolean v) {
      soft = v;
      return this;
    }

    /** The soft scores' seed (default 0); step {@code k} draws from {@code seed + k}. */
    public Builder optSeed(long v) {
      seed = v;
      return this;
    }

    /** Perturbed inputs per forward pass (default 8). */
    public Builder optBatchSize(int v) {
      batchSize = v;
      return this;
    }

    /** The aggregation to one score per token (default: the method's own). */
    public Builder optAggregation(List<Map<String, Object>> v) {
      aggregation = v;
      return this;
    }

    /** Checks the values; a bad one is an {@link InvalidInputException} naming its method. */
    public FaithfulnessOptions build() {
      if (bins == null || bins.isEmpty()) {
        throw refusal("{option} needs at least one fraction", "optBins", bins);
      }
      for (Double b : bins) {
        if (b == null || !(b > 0 && b <= 1)) {
          throw refusal("{option}: bins are fractions in (0, 1], got " + b, "optBins", bins);
        }
      }
      if (!"ceil".equals(rounding) && !"floor".equals(rounding)) {
        throw refusal("{option} must be ceil or floor", "optRounding", rounding);
      }
      if (curvePoints != null && curvePoints < 2) {
        throw refusal("{option}: a curve needs at least 2 points", "optCurvePoints", curvePoints);
      }
      if (batchSize < 1) {
        throw refusal("{option} must be at least 1", "optBatchSize", batchSize);
      }
      return new FaithfulnessOptions(
          bins, rounding, curvePoints, soft, seed, batchSize, aggregation);
    }

    private static InvalidInputException refusal(String template, String method, Object value) {
      return new InvalidInputException(template, "FaithfulnessOptions." + method, value, null);
    }
  }
}
