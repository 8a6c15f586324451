package dev.explain4j.render;

/** OKLab / OKLCH to sRGB conversion with chroma reduction into the sRGB gamut. */
final class Oklab {
  private Oklab() {}

  /** {@code {L, C, hue degrees}} to {@code {L, a, b}}. */
  static double[] fromLch(double[] lch) {
    double h = Math.toRadians(lch[2]);
    return new double[] {lch[0], lch[1] * Math.cos(h), lch[1] * Math.sin(h)};
  }

  /** OKLab to linear sRGB (may fall outside [0, 1]). */
  static double[] toLinearSrgb(double[] lab) {
    double l = lab[0] + 0.3963377774 * lab[1] + 0.2158037573 * lab[2];
    double m = lab[0] - 0.1055613458 * lab[1] - 0.0638541728 * lab[2];
    double s = lab[0] - 0.0894841775 * lab[1] - 1.2914855480 * lab[2];
    l = l * l * l;
    m = m * m * m;
    s = s * s * s;
    return new double[] {
      4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
      -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
      -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s
    };
  }

  /** Linear sRGB to OKLab. */
  static double[] fromLinearSrgb(double r, double g, double b) {
    double l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
    double m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
    double s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
    return new double[] {
      0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
      1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
      0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s
    };
  }

  /** OKLab lightness of an sRGB colour. */
  static double lightness(Rgb c) {
    return fromLinearSrgb(Rgb.linear(c.r()), Rgb.linear(c.g()), Rgb.linear(c.b()))[0];
  }

  /** The colour, with its chroma reduced (lightness and hue kept) until it fits sRGB. */
  static Rgb toSrgbInGamut(double[] lab) {
    double[] rgb = toLinearSrgb(lab);
    if (!inGamut(rgb)) {
      double lo = 0;
      double hi = 1;
      for (int i = 0; i < 24; i++) {
        double mid = (lo + hi) / 2;
        if (inGamut(toLinearSrgb(new double[] {lab[0], lab[1] * mid, lab[2] * mid}))) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      rgb = toLinearSrgb(new double[] {lab[0], lab[1] * lo, lab[2] * lo});
    }
    return new Rgb(Rgb.encode(rgb[0]), Rgb.encode(rgb[1]), Rgb.encode(rgb[2]));
  }

  private static boolean inGamut(double[] rgb) {
    double eps = 1e-6;
    return rgb[0] >= -eps
        && rgb[0] <= 1 + eps
        && rgb[1] >= -eps
        && rgb[1] <= 1 + eps
        && rgb[2] >= -eps
        && rgb[2] <= 1 + eps;
  }
}
