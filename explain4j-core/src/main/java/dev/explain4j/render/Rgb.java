package dev.explain4j.render;

import java.util.Locale;

/**
 * An sRGB colour with 8-bit channels.
 *
 * @param r red, 0..255
 * @param g green, 0..255
 * @param b blue, 0..255
 */
public record Rgb(int r, int g, int b) {
  /** Validates the channels. */
  public Rgb {
    if ((r | g | b) < 0 || r > 255 || g > 255 || b > 255) {
      throw new IllegalArgumentException("RGB channels must be 0..255: " + r + "," + g + "," + b);
    }
  }

  /** Parses {@code "#rrggbb"} or {@code "rrggbb"}. */
  public static Rgb hex(String hex) {
    String h = hex.startsWith("#") ? hex.substring(1) : hex;
    if (h.length() != 6) {
      throw new IllegalArgumentException("not an #rrggbb colour: " + hex);
    }
    int v = Integer.parseInt(h, 16);
    return new Rgb(v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff);
  }

  /** {@code "#rrggbb"}, lower case. */
  public String hex() {
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }

  /** {@code 0xRRGGBB}. */
  public int packed() {
    return r << 16 | g << 8 | b;
  }

  /** WCAG relative luminance, 0 (black) to 1 (white). */
  public double luminance() {
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  }

  /** Black or white, whichever reads better as text on this colour. */
  public Rgb contrastText() {
    // Contrast against black (L+0.05)/0.05 vs against white 1.05/(L+0.05): equal at L ~ 0.179.
    return luminance() > 0.179 ? new Rgb(0, 0, 0) : new Rgb(255, 255, 255);
  }

  static double linear(int channel) {
    double c = channel / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  static int encode(double linear) {
    double c = linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
    return (int) Math.round(Math.max(0, Math.min(1, c)) * 255);
  }
}
