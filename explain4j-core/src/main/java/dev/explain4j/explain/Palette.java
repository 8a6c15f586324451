package dev.explain4j.explain;

import dev.explain4j.render.ColorBands;

/**
 * How {@link ExplainText} colours tokens by their scores.
 *
 * <ul>
 *   <li>{@link #FIVE_BAND}: the LLM-Explainer bands on scores scaled to [0, 1] by their minimum and
 *       maximum: up to 0.3 white, up to 0.5 grey, up to 0.7 green, up to 0.9 yellow, above red (the
 *       terminal's 16 standard colours, so it follows the terminal's own scheme): render's {@link
 *       ColorBands#FIVE}.
 *   <li>{@link #SEQUENTIAL}: render's perceptually even sequential colour map (24-bit colour).
 *   <li>{@link #DIVERGING}: render's diverging map centred on 0, for signed scores such as gradient
 *       × input.
 * </ul>
 */
public enum Palette {
  FIVE_BAND,
  SEQUENTIAL,
  DIVERGING;

  /** The band (0 to 4) of a value already scaled to [0, 1] ({@link ColorBands#FIVE}). */
  public static int band(double scaled) {
    return ColorBands.FIVE.band(scaled);
  }

  /** The SGR colour code of a band. */
  public static int bandCode(int band) {
    return ColorBands.FIVE.code(band);
  }
}
