package dev.explain4j.render;

import dev.explain4j.InvalidInputException;

/**
 * How terminal output looks.
 *
 * @param color 24-bit colour escapes; {@code false} for plain text (pipes, logs, NO_COLOR)
 * @param width the terminal width in columns; wide tables are split into blocks of columns
 * @param theme the colour maps to use ({@link Theme#AUTO}: light)
 */
public record AnsiOptions(boolean color, int width, Theme theme) {
  /** Validates: at least 40 columns. */
  public AnsiOptions {
    if (width < 40) {
      throw new InvalidInputException("terminal width must be at least 40 columns, got " + width);
    }
    theme = theme == null ? Theme.AUTO : theme;
  }

  /** Colour, 120 columns. */
  public static AnsiOptions colored() {
    return new AnsiOptions(true, 120, Theme.AUTO);
  }

  /** No escape codes at all, 120 columns. */
  public static AnsiOptions plain() {
    return new AnsiOptions(false, 120, Theme.AUTO);
  }

  /**
   * Colour unless the {@code NO_COLOR} environment variable is set (https://no-color.org), width
   * from {@code COLUMNS} when it is a number, else 120.
   */
  public static AnsiOptions fromEnvironment() {
    String cols = System.getenv("COLUMNS");
    int width = 120;
    if (cols != null && cols.matches("\\d{2,4}")) {
      width = Math.max(40, Integer.parseInt(cols));
    }
    String noColor = System.getenv("NO_COLOR");
    return new AnsiOptions(noColor == null || noColor.isEmpty(), width, Theme.AUTO);
  }

  /** This with another width. */
  public AnsiOptions withWidth(int columns) {
    return new AnsiOptions(color, columns, theme);
  }
}
