package dev.explain4j.render;

import dev.explain4j.InvalidInputException;

/**
 * How values map to colours: a sequential range {@code [min, max]} (center is NaN), or a diverging
 * range with a center (usually 0) between min and max. Values outside the range take the end
 * colours.
 *
 * @param min the value at the first colour
 * @param center the neutral value of a diverging range, or NaN for a sequential one
 * @param max the value at the last colour
 */
public record ValueRange(double min, double center, double max) {
  /** Validates: finite ends, {@code min <= max}, and a center between them when present. */
  public ValueRange {
    if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
      throw new InvalidInputException(
          "a value range needs finite min <= max, got [" + min + ", " + max + "]");
    }
    if (!Double.isNaN(center) && (center < min || center > max)) {
      throw new InvalidInputException(
          "the center " + center + " is outside the range [" + min + ", " + max + "]");
    }
  }

  /** A sequential range. */
  public static ValueRange sequential(double min, double max) {
    return new ValueRange(min, Double.NaN, max);
  }

  /** Attention weights: sequential {@code [0, 1]}. */
  public static ValueRange unit() {
    return sequential(0, 1);
  }

  /** A diverging range {@code [-maxAbs, maxAbs]} centred on 0. */
  public static ValueRange symmetric(double maxAbs) {
    double m = Math.abs(maxAbs);
    return new ValueRange(-m, 0, m);
  }

  /** A diverging range with an explicit center. */
  public static ValueRange diverging(double min, double center, double max) {
    if (Double.isNaN(center)) {
      throw new InvalidInputException("a diverging range needs a center, got NaN");
    }
    return new ValueRange(min, center, max);
  }

  /**
   * A range that fits the finite values: symmetric around 0 when any is negative, otherwise
   * sequential from 0 to the largest value ({@code [0, 1]} when there is none above 0).
   */
  public static ValueRange fit(float[]... rows) {
    double lo = 0;
    double hi = 0;
    for (float[] row : rows) {
      for (float v : row) {
        if (Float.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo < 0) {
      return symmetric(Math.max(-lo, hi));
    }
    return sequential(0, hi > 0 ? hi : 1);
  }

  /** True when this range has a center (use a diverging colour map). */
  public boolean isDiverging() {
    return !Double.isNaN(center);
  }

  /**
   * The position of {@code v} on the colour map, in [0, 1]; the center maps to 0.5 in a diverging
   * range. NaN for NaN.
   */
  public double position(double v) {
    if (Double.isNaN(v)) {
      return Double.NaN;
    }
    double t;
    if (isDiverging()) {
      if (v < center) {
        t = center > min ? 0.5 - 0.5 * (center - v) / (center - min) : 0.5;
      } else {
        t = max > center ? 0.5 + 0.5 * (v - center) / (max - center) : 0.5;
      }
    } else {
      t = max > min ? (v - min) / (max - min) : 0;
    }
    return Math.max(0, Math.min(1, t));
  }

  /** The colour map this range calls for. */
  public ColorMap colorMap(Theme theme) {
    return isDiverging() ? ColorMap.diverging(theme) : ColorMap.sequential(theme);
  }

  /** The colour of {@code v}, or {@code null} for NaN (an empty cell). */
  public Rgb color(double v, Theme theme) {
    return Double.isNaN(v) ? null : colorMap(theme).at(position(v));
  }
}
