package dev.explain4j.render;

/** 24-bit ANSI colour escapes. */
final class Ansi {
  static final String RESET = "\u001b[0m";
  static final String BOLD = "\u001b[1m";
  static final String DIM = "\u001b[2m";

  private Ansi() {}

  /** Background {@code bg} with contrasting text. */
  static String colors(Rgb bg) {
    Rgb fg = bg.contrastText();
    return "\u001b[48;2;"
        + bg.r()
        + ';'
        + bg.g()
        + ';'
        + bg.b()
        + "m\u001b[38;2;"
        + fg.r()
        + ';'
        + fg.g()
        + ';'
        + fg.b()
        + 'm';
  }

  /** A colour bar of {@code n} cells for a map. */
  static String bar(ColorMap m, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      Rgb c = m.at(i / (double) (n - 1));
      sb.append("\u001b[48;2;").append(c.r()).append(';').append(c.g()).append(';').append(c.b());
      sb.append("m ");
    }
    return sb.append(RESET).toString();
  }
}
