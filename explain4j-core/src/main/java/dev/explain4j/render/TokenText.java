package dev.explain4j.render;

import java.util.Locale;

/**
 * Token text made safe and visible for display. Tokens are untrusted: they may hold markup,
 * terminal escape sequences, line breaks, invisible characters or bidirectional overrides that
 * would reorder the text around them.
 *
 * <p>{@link #visible} replaces every such character with a visible marker and leaves everything
 * else as it is:
 *
 * <ul>
 *   <li>line feed {@code ↵}, carriage return {@code ␍}, tab {@code ⇥};
 *   <li>other C0 controls and DEL as their Control Pictures ({@code ␛} for ESC, {@code ␀} for NUL);
 *   <li>C1 controls, format characters (zero-width space and joiners, soft hyphen, byte-order mark,
 *       bidirectional marks, embeddings, overrides and isolates), line and paragraph separators and
 *       non-characters as {@code ⟨NAME⟩} or {@code ⟨U+XXXX⟩};
 *   <li>a lone surrogate as {@code �}; the empty token as {@code ∅};
 *   <li>with {@code markSpaces}, spaces as {@code ␣}.
 * </ul>
 *
 * The result contains no control, format or bidi-control character, so it is safe in a terminal and
 * in XML 1.0; markup escaping is still needed ({@link Html#escape}).
 *
 * <p>This is the one escaping path for terminals: every renderer and the CLI pass titles, tokens,
 * labels and messages through {@link #visible} (or {@link #visibleLines}, which keeps line feeds)
 * before they reach a terminal, and add only their own SGR colour sequences.
 */
public final class TokenText {
  private TokenText() {}

  /** {@link #visible(String, boolean)} keeping spaces as they are. */
  public static String visible(String token) {
    return visible(token, false);
  }

  /** The token with visible markers; {@code null} is shown as {@code ⟨null⟩}. */
  public static String visible(String token, boolean markSpaces) {
    if (token == null) {
      return "⟨null⟩";
    }
    if (token.isEmpty()) {
      return "∅";
    }
    StringBuilder sb = new StringBuilder(token.length() + 8);
    int i = 0;
    while (i < token.length()) {
      char c = token.charAt(i);
      int cp;
      if (Character.isHighSurrogate(c)
          && i + 1 < token.length()
          && Character.isLowSurrogate(token.charAt(i + 1))) {
        cp = Character.toCodePoint(c, token.charAt(i + 1));
        i += 2;
      } else {
        cp = c;
        i++;
      }
      appendVisible(sb, cp, markSpaces);
    }
    return sb.toString();
  }

  /**
   * Multi-line text, such as a stack trace, made visible line by line: line feeds are kept, each
   * line goes through {@link #visible(String)} and empty lines stay empty.
   */
  public static String visibleLines(String text) {
    if (text == null) {
      return visible(null);
    }
    StringBuilder sb = new StringBuilder(text.length() + 8);
    int from = 0;
    while (true) {
      int nl = text.indexOf('\n', from);
      int end = nl < 0 ? text.length() : nl;
      if (end > from) {
        sb.append(visible(text.substring(from, end)));
      }
      if (nl < 0) {
        return sb.toString();
      }
      sb.append('\n');
      from = nl + 1;
    }
  }

  private static void appendVisible(StringBuilder sb, int cp, boolean markSpaces) {
    if (cp == ' ') {
      sb.append(markSpaces ? "␣" : " ");
    } else if (cp == '\n') {
      sb.append('↵');
    } else if (cp == '\r') {
      sb.append('␍');
    } else if (cp == '\t') {
      sb.append('⇥');
    } else if (cp < 0x20) {
      sb.append((char) (0x2400 + cp));
    } else if (cp == 0x7f) {
      sb.append('␡');
    } else if (cp <= 0xffff && Character.isSurrogate((char) cp)) {
      sb.append('\ufffd');
    } else if (needsMarker(cp)) {
      sb.append('⟨').append(markerName(cp)).append('⟩');
    } else {
      sb.appendCodePoint(cp);
    }
  }

  private static boolean needsMarker(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.UNASSIGNED && (cp & 0xfffe) == 0xfffe
        || cp >= 0xfdd0 && cp <= 0xfdef
        || cp == 0x115f
        || cp == 0x1160
        || cp == 0x3164
        || cp == 0xffa0;
  }

  private static String markerName(int cp) {
    return switch (cp) {
      case 0x00ad -> "SHY";
      case 0x061c -> "ALM";
      case 0x200b -> "ZWSP";
      case 0x200c -> "ZWNJ";
      case 0x200d -> "ZWJ";
      case 0x200e -> "LRM";
      case 0x200f -> "RLM";
      case 0x2028 -> "LS";
      case 0x2029 -> "PS";
      case 0x202a -> "LRE";
      case 0x202b -> "RLE";
      case 0x202c -> "PDF";
      case 0x202d -> "LRO";
      case 0x202e -> "RLO";
      case 0x2060 -> "WJ";
      case 0x2066 -> "LRI";
      case 0x2067 -> "RLI";
      case 0x2068 -> "FSI";
      case 0x2069 -> "PDI";
      case 0xfeff -> "BOM";
      default -> String.format(Locale.ROOT, "U+%04X", cp);
    };
  }

  /**
   * Terminal columns a string takes: 2 for East Asian wide and full-width characters and most
   * emoji, 0 for combining marks, 1 otherwise. Meant for {@link #visible} output.
   */
  public static int displayWidth(String s) {
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      w += width(cp);
      i += Character.charCount(cp);
    }
    return w;
  }

  static int width(int cp) {
    int type = Character.getType(cp);
    if (type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.FORMAT
        || cp == 0x200b) {
      return 0;
    }
    return isWide(cp) ? 2 : 1;
  }

  private static boolean isWide(int cp) {
    return cp >= 0x1100 && cp <= 0x115f
        || cp >= 0x2e80 && cp <= 0x303e
        || cp >= 0x3041 && cp <= 0x33ff
        || cp >= 0x3400 && cp <= 0x4dbf
        || cp >= 0x4e00 && cp <= 0x9fff
        || cp >= 0xa000 && cp <= 0xa4cf
        || cp >= 0xac00 && cp <= 0xd7a3
        || cp >= 0xf900 && cp <= 0xfaff
        || cp >= 0xfe30 && cp <= 0xfe4f
        || cp >= 0xff00 && cp <= 0xff60
        || cp >= 0xffe0 && cp <= 0xffe6
        || cp >= 0x1f300 && cp <= 0x1f64f
        || cp >= 0x1f900 && cp <= 0x1f9ff
        || cp >= 0x20000 && cp <= 0x3fffd;
  }

  /**
   * The string cut to at most {@code columns} terminal columns, ending in {@code …} when cut. Never
   * splits a surrogate pair or a wide character.
   */
  public static String truncate(String s, int columns) {
    if (columns < 1) {
      throw new IllegalArgumentException("columns must be at least 1, got " + columns);
    }
    if (displayWidth(s) <= columns) {
      return s;
    }
    StringBuilder sb = new StringBuilder();
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int cw = width(cp);
      if (w + cw > columns - 1) {
        break;
      }
      sb.appendCodePoint(cp);
      w += cw;
      i += Character.charCount(cp);
    }
    return sb.append('…').toString();
  }

  /** The string padded with spaces on the right to {@code columns} terminal columns. */
  public static String padRight(String s, int columns) {
    int w = displayWidth(s);
    return w >= columns ? s : s + " ".repeat(columns - w);
  }

  /** The string padded with spaces on the left to {@code columns} terminal columns. */
  public static String padLeft(String s, int columns) {
    int w = displayWidth(s);
    return w >= columns ? s : " ".repeat(columns - w) + s;
  }
}
