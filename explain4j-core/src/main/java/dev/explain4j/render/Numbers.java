package dev.explain4j.render;

import java.util.Locale;

/** Short, locale-independent number text for cells and tooltips. */
final class Numbers {
  private Numbers() {}

  /** Three decimals for ordinary values, scientific for very small or large ones, "" for NaN. */
  static String cell(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "∞" : "-∞";
    }
    double a = Math.abs(v);
    if (a != 0 && (a < 0.001 || a >= 10000)) {
      return String.format(Locale.ROOT, "%.1e", v);
    }
    String s = String.format(Locale.ROOT, a >= 100 ? "%.1f" : "%.3f", v);
    return s.equals("-0.000") ? "0.000" : s;
  }
}
