package dev.explain4j.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/** CSS shared by the pages: theme variables, colour-step classes, bundled resources. */
final class Css {
  private Css() {}

  /**
   * Theme variables on {@code .e4j}: light by default, dark for {@code data-theme="dark"}, and dark
   * for {@code data-theme="auto"} when the reader prefers dark.
   */
  static String themeVariables() {
    return ".e4j{"
        + vars(Theme.LIGHT.palette())
        + "color-scheme:light}\n"
        + ".e4j[data-theme=dark]{"
        + vars(Theme.DARK.palette())
        + "color-scheme:dark}\n"
        + "@media (prefers-color-scheme: dark){.e4j[data-theme=auto]{"
        + vars(Theme.DARK.palette())
        + "color-scheme:dark}}\n";
  }

  private static String vars(Theme.Palette p) {
    return "--e4j-bg:"
        + p.background().hex()
        + ";--e4j-fg:"
        + p.foreground().hex()
        + ";--e4j-muted:"
        + p.muted().hex()
        + ";--e4j-grid:"
        + p.grid().hex()
        + ";--e4j-accent:"
        + p.accent().hex()
        + ";--e4j-empty:"
        + p.empty().hex()
        + ";";
  }

  /**
   * Rules for the colour-step classes in use: {@code .e4j .s-q17} (sequential step 17) and {@code
   * .e4j .s-d200} (diverging step 200), background and contrasting text, for the light theme and,
   * unless the theme is fixed to light, the dark one.
   */
  static String stepClasses(BitSet sequential, BitSet diverging, Theme theme) {
    StringBuilder sb = new StringBuilder();
    if (theme != Theme.DARK) {
      steps(sb, ".e4j", sequential, diverging, Theme.LIGHT);
    }
    if (theme == Theme.DARK) {
      steps(sb, ".e4j", sequential, diverging, Theme.DARK);
    } else if (theme == Theme.AUTO) {
      steps(sb, ".e4j[data-theme=dark]", sequential, diverging, Theme.DARK);
      sb.append("@media (prefers-color-scheme: dark){");
      steps(sb, ".e4j[data-theme=auto]", sequential, diverging, Theme.DARK);
      sb.append("}\n");
    }
    return sb.toString();
  }

  private static void steps(StringBuilder sb, String scope, BitSet seq, BitSet div, Theme theme) {
    rules(sb, scope, "q", seq, ColorMap.sequential(theme));
    rules(sb, scope, "d", div, ColorMap.diverging(theme));
  }

  private static void rules(StringBuilder sb, String scope, String kind, BitSet steps, ColorMap m) {
    for (int i = steps.nextSetBit(0); i >= 0; i = steps.nextSetBit(i + 1)) {
      Rgb c = m.at(i / (double) (ColorMap.STEPS - 1));
      sb.append(scope)
          .append(" .s-")
          .append(kind)
          .append(i)
          .append("{background:")
          .append(c.hex())
          .append(";color:")
          .append(c.contrastText().hex())
          .append("}\n");
    }
  }

  /** The class of a value's colour step, recording the step in {@code seq} or {@code div}. */
  static String stepClass(ValueRange range, double v, BitSet seq, BitSet div) {
    int step = ColorMap.step(range.position(v));
    (range.isDiverging() ? div : seq).set(step);
    return (range.isDiverging() ? "s-d" : "s-q") + step;
  }

  /** A text resource next to this class, for example {@code "heatmap.css"}. */
  static String resource(String name) {
    try (InputStream in = Css.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing bundled resource dev/explain4j/render/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled resource " + name, e);
    }
  }

  /** The opening of a rendered root element and its style block: theme variables and base CSS. */
  static String rootOpen(String kind, boolean document, Theme theme) {
    return "<div class=\"e4j e4j-"
        + kind
        + (document ? " e4j-doc" : "")
        + "\" data-theme=\""
        + theme.name().toLowerCase(java.util.Locale.ROOT)
        + "\">\n<style>"
        + themeVariables()
        + resource("base.css");
  }
}
