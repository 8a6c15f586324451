package dev.explain4j.render;

/**
 * Escaping for HTML, XML (SVG) and scripts. Every token and label in every page goes through {@link
 * #escape} or {@link #label}; data for a page's script goes through {@link #jsonString}.
 */
public final class Html {
  private Html() {}

  /**
   * Text safe as HTML or XML element content and inside quoted attribute values: {@link
   * TokenText#visible} markers, then {@code & < > " '} as character references.
   */
  public static String escape(String text) {
    return markup(TokenText.visible(text, false));
  }

  /** Like {@link #escape}, also showing spaces as {@code ␣}: for row, column and axis labels. */
  public static String label(String text) {
    return markup(TokenText.visible(text, true));
  }

  /**
   * Escapes only {@code & < > " '}. For text that is already visible-safe (our own labels, numbers,
   * CSS); untrusted text goes through {@link #escape}.
   */
  public static String markup(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String rep =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (rep != null && sb == null) {
        sb = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (sb != null) {
        if (rep != null) {
          sb.append(rep);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? text : sb.toString();
  }

  /**
   * A JSON string literal (with quotes) that is also safe inside an HTML {@code <script>} element
   * and in JavaScript source: {@code < > &} become {@code \u003c \u003e \u0026} (so no {@code
   * </script>} or {@code <!--} can appear), U+2028 and U+2029 are escaped, controls are escaped,
   * and a lone surrogate becomes U+FFFD.
   */
  public static String jsonString(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        sb.append("\\ufffd");
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20
          || c == '<'
          || c == '>'
          || c == '&'
          || c == '\u2028'
          || c == '\u2029'
          || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
