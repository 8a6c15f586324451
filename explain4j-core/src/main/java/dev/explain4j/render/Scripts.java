package dev.explain4j.render;

/** The bundled page scripts, checked once to be safe inside an inline {@code <script>}. */
final class Scripts {
  /** The attention page: the views' arithmetic, the drawing, then the interface. */
  static final String ATTENTION =
      checked("attention-views.js")
          + "\n"
          + checked("attention-paint.js")
          + "\n"
          + checked("attention-ui.js");

  /** The attribution report's granular and per-token views. */
  static final String GRANULAR = checked("attribution-granular.js");

  private Scripts() {}

  private static String checked(String name) {
    String js = Css.resource(name);
    String lower = js.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("</script") || lower.contains("<!--") || lower.contains("<script")) {
      throw new IllegalStateException(name + " must not contain <script, </script or <!--");
    }
    return js;
  }
}
