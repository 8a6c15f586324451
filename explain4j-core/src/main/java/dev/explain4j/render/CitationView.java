package dev.explain4j.render;

import dev.explain4j.citation.ContextAttribution;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * An offline HTML page for a {@link ContextAttribution}: for the whole answer and for each answer
 * sentence, the context with every source shaded by its score (green supports the answer, red works
 * against it; the strongest source of the row is fully shaded) and its top sources listed.
 */
public final class CitationView {
  private final ContextAttribution result;
  private final String method;

  private CitationView(ContextAttribution result, String method) {
    this.result = result;
    this.method = method;
  }

  /** The view of {@code method}'s scores ({@code loo} or {@code contextcite}). */
  public static CitationView of(ContextAttribution result, String method) {
    result.answerScores(method);
    return new CitationView(result, method);
  }

  /** The complete page. */
  public String html(Theme theme) {
    return Page.document("explain4j cite: " + method, theme, fragment(theme));
  }

  /** What {@link #html} shows, as a fragment for embedding (for example Jupyter output). */
  public String fragment(Theme theme) {
    StringBuilder b = new StringBuilder();
    b.append("<style>")
        .append(
            ".e4j-cite{font:15px/1.55 system-ui,sans-serif;max-width:60em;margin:1em auto;padding:0 1em;color:")
        .append(theme.palette().foreground().hex())
        .append("}.e4j-cite section{border-top:1px solid #8884;padding:.5em 0}")
        .append(".e4j-src{border-radius:3px;padding:0 1px}.e4j-score{font-size:75%;opacity:.8}")
        .append("</style>\n<div class=\"e4j-cite\">\n<h1>Sources of the answer (")
        .append(Html.escape(method))
        .append(")</h1>\n<p><b>Answer:</b> <span class=\"e4j-answer\">")
        .append(Html.escape(result.answer()))
        .append("</span></p>\n");
    section(b, "Whole answer", result.answerScores(method));
    List<ContextAttribution.Sentence> sentences = result.sentences();
    for (int k = 0; k < sentences.size(); k++) {
      section(
          b,
          "Sentence " + (k + 1) + ": " + sentences.get(k).text(),
          result.sentenceScores(method, k));
    }
    b.append("</div>");
    return b.toString();
  }

  /** Writes {@link #html(Theme)} to {@code path} (through a temporary file). */
  public void writeHtml(Path path, Theme theme) {
    AtomicFiles.writeString(path, html(theme));
  }

  private void section(StringBuilder b, String title, double[] scores) {
    double max = 0;
    for (double s : scores) {
      max = Math.max(max, Math.abs(s));
    }
    b.append("<section class=\"e4j-row\"><h2>").append(Html.escape(title)).append("</h2>\n<p>");
    String prompt = result.prompt();
    List<ContextAttribution.Source> sources = result.sources();
    for (int i = 0; i < sources.size(); i++) {
      ContextAttribution.Source s = sources.get(i);
      if (i > 0) {
        b.append(Html.escape(cut(prompt, sources.get(i - 1).end(), s.start())));
      }
      double a = max == 0 ? 0 : Math.abs(scores[i]) / max;
      String rgb = scores[i] >= 0 ? "40,160,70" : "210,60,60";
      b.append("<span class=\"e4j-src\" data-source=\"")
          .append(i)
          .append("\" data-score=\"")
          .append(number(scores[i]))
          .append("\" title=\"source ")
          .append(i + 1)
          .append(": ")
          .append(number(scores[i]))
          .append("\" style=\"background:rgba(")
          .append(rgb)
          .append(',')
          .append(String.format(Locale.ROOT, "%.3f", 0.6 * a))
          .append(")\">")
          .append(Html.escape(s.text()))
          .append(" <span class=\"e4j-score\">[")
          .append(i + 1)
          .append(": ")
          .append(number(scores[i]))
          .append("]</span></span>");
    }
    b.append("</p>\n<p>Top sources: ");
    List<Integer> top = ContextAttribution.top(scores, 3);
    b.append(
        top.isEmpty()
            ? "none above 0"
            : String.join(", ", top.stream().map(i -> String.valueOf(i + 1)).toList()));
    b.append("</p></section>\n");
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  private static String cut(String text, int start, int end) {
    int a = text.offsetByCodePoints(0, start);
    return text.substring(a, text.offsetByCodePoints(a, end - start));
  }
}
