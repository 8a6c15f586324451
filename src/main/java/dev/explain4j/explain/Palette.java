package dev.explain4j.explain;

/**
 * How {@link ExplainText} colours tokens by their scores.
 *
 * <ul>
 *   <li>{@link #FIVE_BAND}: the LLM-Explainer bands on scores scaled to [0, 1] by their minimum and
 *       maximum: up to 0.3 white, up to 0.5 grey, up to 0.7 green, up to 0.9 yellow, above red (the
 *       terminal's 16 standard colours, so it follows the terminal's own scheme).
 *   <li>{@link #SEQUENTIAL}: render's perceptually even sequential colour map (24-bit colour).
 *   <li>{@link #DIVERGING}: render's diverging map centred on 0, for signed scores such as gradient
 *       × input.
 * </ul>
 */
public enum Palette {
  FIVE_BAND,
  SEQUENTIAL,
  DIVERGING;

  /** The five bands' upper bounds, in order; a value above the last is in the red band. */
  static final double[] BOUNDS = {0.3, 0.5, 0.7, 0.9};

  /** SGR foreground codes of the bands: white, grey (bright black), green, yellow, red. */
  static final int[] CODES = {37, 90, 32, 33, 31};

  /** The band (0 to 4) of a value already scaled to [0, 1]. */
  public static int band(double scaled) {
    for (int i = 0; i < BOUNDS.length; i++) {
      if (scaled <= BOUNDS[i]) {
        return i;
      }
    }
    return BOUNDS.length;
  }

  /** The SGR colour code of a band. */
  public static int bandCode(int band) {
    return CODES[band];
  }
}
