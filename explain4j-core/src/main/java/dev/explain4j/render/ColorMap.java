package dev.explain4j.render;

/**
 * A 256-step colour map from a position {@code t} in [0, 1] to a colour.
 *
 * <p>The maps are interpolated in the OKLab space between a few anchor colours, so lightness
 * changes evenly along the map: a reader can order values by lightness alone, in colour or grey.
 * Colours outside sRGB keep their lightness and hue and lose chroma until they fit.
 *
 * <ul>
 *   <li>{@link #sequential}: for values in [0, 1] such as attention weights. Light theme: pale
 *       cream (0) through yellow, orange, red and purple to deep violet (1). Dark theme: the same
 *       hues, dark (0) to bright (1).
 *   <li>{@link #diverging}: for signed scores centred on 0 (attribution): blue for negative, a
 *       neutral close to the page background at the centre, red for positive; the further from the
 *       centre, the further in lightness from the background.
 * </ul>
 *
 * Instances are immutable and shared.
 */
public final class ColorMap {
  private static final double[][] SEQUENTIAL_LIGHT = {
    {0.975, 0.025, 95}, {0.88, 0.10, 92}, {0.77, 0.15, 62},
    {0.63, 0.18, 33}, {0.47, 0.16, 352}, {0.29, 0.10, 300}
  };
  private static final double[][] SEQUENTIAL_DARK = {
    {0.25, 0.05, 295}, {0.39, 0.12, 310}, {0.53, 0.17, 355},
    {0.67, 0.17, 35}, {0.81, 0.15, 65}, {0.95, 0.07, 95}
  };
  private static final double[][] DIVERGING_LIGHT = {
    {0.45, 0.15, 262}, {0.71, 0.10, 252}, {0.975, 0.004, 95}, {0.73, 0.12, 32}, {0.50, 0.18, 27}
  };
  private static final double[][] DIVERGING_DARK = {
    {0.80, 0.11, 248}, {0.55, 0.11, 255}, {0.24, 0.004, 260}, {0.56, 0.13, 30}, {0.80, 0.13, 38}
  };

  private static final ColorMap SEQ_LIGHT = new ColorMap("sequential-light", SEQUENTIAL_LIGHT);
  private static final ColorMap SEQ_DARK = new ColorMap("sequential-dark", SEQUENTIAL_DARK);
  private static final ColorMap DIV_LIGHT = new ColorMap("diverging-light", DIVERGING_LIGHT);
  private static final ColorMap DIV_DARK = new ColorMap("diverging-dark", DIVERGING_DARK);

  /** Number of steps in every map. */
  public static final int STEPS = 256;

  private final String name;
  private final int[] lut = new int[STEPS];

  private ColorMap(String name, double[][] anchorsLch) {
    this.name = name;
    int segments = anchorsLch.length - 1;
    for (int i = 0; i < STEPS; i++) {
      double x = (double) i / (STEPS - 1) * segments;
      int s = Math.min(segments - 1, (int) Math.floor(x));
      double f = x - s;
      double[] a = Oklab.fromLch(anchorsLch[s]);
      double[] b = Oklab.fromLch(anchorsLch[s + 1]);
      double[] lab = {a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f};
      lut[i] = Oklab.toSrgbInGamut(lab).packed();
    }
  }

  /** The sequential map for a theme ({@link Theme#AUTO}: light). */
  public static ColorMap sequential(Theme theme) {
    return theme.resolved() == Theme.DARK ? SEQ_DARK : SEQ_LIGHT;
  }

  /** The diverging map for a theme ({@link Theme#AUTO}: light). */
  public static ColorMap diverging(Theme theme) {
    return theme.resolved() == Theme.DARK ? DIV_DARK : DIV_LIGHT;
  }

  /** A name such as {@code "sequential-light"}. */
  public String name() {
    return name;
  }

  /** The step for {@code t}: {@code round(t * 255)}, {@code t} clamped to [0, 1]. */
  public static int step(double t) {
    if (Double.isNaN(t)) {
      throw new IllegalArgumentException("colour position is NaN");
    }
    return (int) Math.round(Math.max(0, Math.min(1, t)) * (STEPS - 1));
  }

  /** The colour at {@code t} in [0, 1] (clamped). */
  public Rgb at(double t) {
    int v = lut[step(t)];
    return new Rgb(v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff);
  }

  /** All 256 colours as one string of {@code rrggbb} groups, for a page's script. */
  public String lutHex() {
    StringBuilder sb = new StringBuilder(STEPS * 6);
    for (int v : lut) {
      sb.append(String.format("%06x", v));
    }
    return sb.toString();
  }

  /** A CSS {@code linear-gradient} through {@code n} evenly spaced colours (n ≥ 2). */
  public String cssGradient(String direction, int n) {
    StringBuilder sb = new StringBuilder("linear-gradient(").append(direction);
    for (int i = 0; i < n; i++) {
      sb.append(", ").append(at((double) i / (n - 1)).hex());
    }
    return sb.append(')').toString();
  }

  @Override
  public String toString() {
    return "ColorMap[" + name + "]";
  }
}
