package dev.explain4j.render;

/**
 * Light or dark colours. {@link #AUTO} follows the reader's {@code prefers-color-scheme} in HTML
 * pages; static images (PNG, SVG) and the terminal treat it as {@link #LIGHT}.
 */
public enum Theme {
  /** Follow the browser's preference (HTML); light elsewhere. */
  AUTO,
  /** Dark text on a light background. */
  LIGHT,
  /** Light text on a dark background. */
  DARK;

  /** This theme for a static output: {@link #AUTO} becomes {@link #LIGHT}. */
  public Theme resolved() {
    return this == AUTO ? LIGHT : this;
  }

  /** The interface colours of this theme ({@link #AUTO}: light). */
  public Palette palette() {
    return resolved() == DARK ? Palette.DARK : Palette.LIGHT;
  }

  /**
   * Interface colours.
   *
   * @param background page background
   * @param foreground body text
   * @param muted secondary text (axis names, notes)
   * @param grid cell borders and rules
   * @param accent selection outlines and links
   * @param empty the fill of an empty (NaN) cell
   */
  public record Palette(
      Rgb background, Rgb foreground, Rgb muted, Rgb grid, Rgb accent, Rgb empty) {
    static final Palette LIGHT =
        new Palette(
            Rgb.hex("#fcfcfb"),
            Rgb.hex("#1b1f24"),
            Rgb.hex("#5c6570"),
            Rgb.hex("#d3d8de"),
            Rgb.hex("#2a62c9"),
            Rgb.hex("#eef0f2"));
    static final Palette DARK =
        new Palette(
            Rgb.hex("#16181b"),
            Rgb.hex("#e6e8eb"),
            Rgb.hex("#9ba3ad"),
            Rgb.hex("#363c44"),
            Rgb.hex("#7fa9ff"),
            Rgb.hex("#23272c"));
  }
}
