package dev.explain4j.render;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.HashMap;
import java.util.Map;

/**
 * Fonts for Java2D text. Prefers DejaVu Sans; for characters it cannot draw (CJK, for example)
 * looks for an installed font that can, once per character; when none can, the character is drawn
 * as {@code ?}. Never throws for missing fonts.
 */
final class Fonts {
  private static final String[] PREFERRED = {"DejaVu Sans", "Noto Sans", "Liberation Sans"};
  private static final Map<Integer, String> FALLBACK = new HashMap<>();
  private static String[] families;

  private Fonts() {}

  /** The base font at a size: the first preferred family installed, else the logical SansSerif. */
  static Font base(float size) {
    for (String f : PREFERRED) {
      if (installed(f)) {
        return new Font(f, Font.PLAIN, 12).deriveFont(size);
      }
    }
    return new Font(Font.SANS_SERIF, Font.PLAIN, 12).deriveFont(size);
  }

  /** A font and text to draw {@code text}: the base font if it can, else a fallback. */
  static Styled forText(Font base, String text) {
    if (base.canDisplayUpTo(text) == -1) {
      return new Styled(base, text);
    }
    String family = null;
    StringBuilder replaced = new StringBuilder();
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (base.canDisplay(cp)) {
        replaced.appendCodePoint(cp);
        continue;
      }
      String f = fallbackFor(cp);
      if (f != null && (family == null || family.equals(f))) {
        family = f;
        replaced.appendCodePoint(cp);
      } else {
        replaced.append('?');
      }
    }
    Font font =
        family == null ? base : new Font(family, base.getStyle(), 12).deriveFont(base.getSize2D());
    String out = replaced.toString();
    if (font.canDisplayUpTo(out) != -1) {
      out =
          out.codePoints()
              .map(cp -> font.canDisplay(cp) ? cp : '?')
              .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
              .toString();
    }
    return new Styled(font, out);
  }

  private static synchronized String fallbackFor(int cp) {
    if (FALLBACK.containsKey(cp)) {
      return FALLBACK.get(cp);
    }
    String found = null;
    for (String f : families()) {
      if (new Font(f, Font.PLAIN, 12).canDisplay(cp)) {
        found = f;
        break;
      }
    }
    FALLBACK.put(cp, found);
    return found;
  }

  private static boolean installed(String family) {
    for (String f : families()) {
      if (f.equalsIgnoreCase(family)) {
        return true;
      }
    }
    return false;
  }

  private static synchronized String[] families() {
    if (families == null) {
      try {
        families = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames();
      } catch (RuntimeException | Error e) {
        families = new String[0];
      }
    }
    return families;
  }

  /** A font with the text it can draw. */
  record Styled(Font font, String text) {}
}
