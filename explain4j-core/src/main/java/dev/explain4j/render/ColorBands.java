package dev.explain4j.render;

import java.util.Arrays;
import java.util.Objects;

/**
 * A banded terminal colouring: scores scaled to [0, 1] by their minimum and maximum fall into
 * bands, and each band is written in one of the terminal's 16 standard SGR foreground colours (so
 * it follows the terminal's own scheme). {@link ColoredTextWriter#ansi(ColoredText, ColorBands)}
 * writes text with it, through the same escaping as every other terminal view.
 *
 * <p>Instances are immutable and shared.
 */
public final class ColorBands {
  /**
   * The LLM-Explainer bands: up to 0.3 white, up to 0.5 grey (bright black), up to 0.7 green, up to
   * 0.9 yellow, above red.
   */
  public static final ColorBands FIVE =
      new ColorBands(new double[] {0.3, 0.5, 0.7, 0.9}, new int[] {37, 90, 32, 33, 31});

  private final double[] bounds;
  private final int[] codes;

  private ColorBands(double[] bounds, int[] codes) {
    if (codes.length != bounds.length + 1) {
      throw new IllegalArgumentException("one colour more than bounds is needed");
    }
    this.bounds = bounds.clone();
    this.codes = codes.clone();
  }

  /** The number of bands. */
  public int count() {
    return codes.length;
  }

  /** The band (0 to {@code count() - 1}) of a value already scaled to [0, 1]. */
  public int band(double scaled) {
    for (int i = 0; i < bounds.length; i++) {
      if (scaled <= bounds[i]) {
        return i;
      }
    }
    return bounds.length;
  }

  /** The SGR foreground code of a band. */
  public int code(int band) {
    Objects.checkIndex(band, codes.length);
    return codes[band];
  }

  /** The escape that starts a scaled value's band colour. */
  String escape(double scaled) {
    return "\u001b[" + code(band(scaled)) + 'm';
  }

  /** Scores scaled to [0, 1] by their minimum and maximum (all equal: all 0; NaN stays NaN). */
  public static float[] scaled(float[] scores) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : scores) {
      if (!Float.isNaN(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    float[] out = new float[scores.length];
    for (int i = 0; i < scores.length; i++) {
      float v = scores[i];
      out[i] = Float.isNaN(v) ? Float.NaN : max > min ? (v - min) / (max - min) : 0f;
    }
    return out;
  }

  @Override
  public String toString() {
    return "ColorBands" + Arrays.toString(bounds);
  }
}
