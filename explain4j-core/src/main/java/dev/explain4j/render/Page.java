package dev.explain4j.render;

/** Wraps a fragment into a complete, self-contained HTML document. */
final class Page {
  /**
   * No network: nothing may be fetched, only inline scripts and styles run, images only from {@code
   * data:} URLs.
   */
  static final String CSP =
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
          + "img-src data:; base-uri 'none'; form-action 'none'";

  private Page() {}

  /** A document around {@code fragment}; {@code title} is escaped here. */
  static String document(String title, Theme theme, String fragment) {
    String bg =
        "html{background:"
            + Theme.LIGHT.palette().background().hex()
            + "}body{margin:0}"
            + (theme == Theme.LIGHT
                ? ""
                : (theme == Theme.DARK ? "" : "@media (prefers-color-scheme: dark){")
                    + "html{background:"
                    + Theme.DARK.palette().background().hex()
                    + "}"
                    + (theme == Theme.DARK ? "" : "}"));
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\""
        + CSP
        + "\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"generator\" content=\"explain4j\">\n<title>"
        + Html.escape(title)
        + "</title>\n<style>"
        + bg
        + "</style></head>\n<body>\n"
        + fragment
        + "\n</body></html>\n";
  }
}
