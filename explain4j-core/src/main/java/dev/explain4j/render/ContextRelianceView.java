package dev.explain4j.render;

import dev.explain4j.attribution.ContextCue;
import dev.explain4j.attribution.ContextRelianceResult;
import dev.explain4j.tokenize.TokenLabels;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Views of a context attribution (PECoRe): the output with its context-sensitive tokens marked
 * (coloured by CTI score), and for each of them the input and output context coloured by CCI score
 * with the selected cue tokens marked. HTML (offline, static, every token escaped) and terminal
 * text. Tokens are shown in their display form when the model's tokenizer can be read.
 */
public final class ContextRelianceView {
  private final ContextRelianceResult result;
  private final List<String> output;
  private final List<String> inputContext;
  private final List<String> outputContext;

  private ContextRelianceView(
      ContextRelianceResult result,
      List<String> output,
      List<String> inputContext,
      List<String> outputContext) {
    this.result = result;
    this.output = List.copyOf(output);
    this.inputContext = List.copyOf(inputContext);
    this.outputContext = List.copyOf(outputContext);
  }

  /** The view of {@code result}, with display labels from its model's tokenizer. */
  public static ContextRelianceView of(ContextRelianceResult result) {
    Path dir = Path.of(result.provenance().model().location());
    return of(
        result,
        TokenLabels.displayJoined(dir, result.outputCurrentTokens()),
        TokenLabels.displayJoined(dir, result.inputContextTokens()),
        TokenLabels.displayJoined(dir, result.outputContextTokens()));
  }

  /** The view of {@code result} with the labels given (one per token of each list). */
  public static ContextRelianceView of(
      ContextRelianceResult result,
      List<String> output,
      List<String> inputContext,
      List<String> outputContext) {
    if (output.size() != result.outputCurrentTokens().size()
        || inputContext.size() != result.inputContextTokens().size()
        || outputContext.size() != result.outputContextTokens().size()) {
      throw new IllegalArgumentException("one label per token is needed");
    }
    return new ContextRelianceView(result, output, inputContext, outputContext);
  }

  /** The output's CTI scores as coloured text. */
  public ColoredText output() {
    return ColoredText.of(output, floats(result.ctiScores()))
        .withTitle("output, by context sensitivity (" + metric() + ")");
  }

  /** The input context coloured by the CCI scores of the {@code n}-th selected token. */
  public ColoredText inputContext(int n) {
    ContextCue c = result.cues().get(n);
    return ColoredText.of(inputContext, floats(c.inputContextScores()))
        .withTitle("input context, for " + output.get(c.index()));
  }

  /** The output context coloured by the CCI scores of the {@code n}-th selected token. */
  public ColoredText outputContext(int n) {
    ContextCue c = result.cues().get(n);
    return ColoredText.of(outputContext, floats(c.outputContextScores()))
        .withTitle("output context, for " + output.get(c.index()));
  }

  private String metric() {
    return result.provenance().options().contextSensitivityMetric();
  }

  /** A complete, self-contained HTML document. */
  public String html(Theme theme) {
    return Page.document("explain4j context reliance", theme, fragment(theme, true));
  }

  /** Writes {@link #html} to {@code file} atomically. */
  public void writeHtml(Path file, Theme theme) {
    AtomicFiles.writeString(file, html(theme));
  }

  /** An HTML fragment for embedding (for example Jupyter output). */
  public String fragment(Theme theme) {
    return fragment(theme, false);
  }

  private String fragment(Theme theme, boolean document) {
    BitSet seq = new BitSet();
    BitSet div = new BitSet();
    StringBuilder body = new StringBuilder();
    var options = result.provenance().options();
    body.append("<div class=\"e4j-title\">Context reliance: ")
        .append(Html.escape(result.provenance().model().source()))
        .append("</div>\n<p class=\"e4j-meta\">CTI ")
        .append(Html.escape(metric()))
        .append(", threshold ")
        .append(Numbers.cell((float) result.ctiThreshold()))
        .append("; CCI ")
        .append(Html.escape(options.attributionMethod()))
        .append(" on ")
        .append(
            Html.escape(options.attributedFn() == null ? "probability" : options.attributedFn()))
        .append("</p>\n<section class=\"e4j-ctx-output\"><h3>Output</h3>");
    Set<Integer> selected = new HashSet<>(result.contextSensitiveIndices());
    ColoredText out = output();
    flow(body, out, selected, "e4j-cti", "o", seq, div);
    body.append(HeatmapHtml.legend(out.range(), theme)).append("</section>\n");
    for (int n = 0; n < result.cues().size(); n++) {
      ContextCue c = result.cues().get(n);
      body.append("<section class=\"e4j-ctx-cue\" id=\"cue-")
          .append(n)
          .append("\" data-index=\"")
          .append(c.index())
          .append("\"><h3>#")
          .append(n + 1)
          .append(" <span class=\"e4j-cti\">")
          .append(Html.label(output.get(c.index())))
          .append("</span> (CTI ")
          .append(Numbers.cell((float) c.ctiScore()))
          .append(")</h3>");
      if (!inputContext.isEmpty()) {
        body.append("<h4>input context</h4>");
        ColoredText t = inputContext(n);
        flow(body, t, new HashSet<>(c.inputCues()), "e4j-cue", "i", seq, div);
        body.append(HeatmapHtml.legend(t.range(), theme));
      }
      if (!outputContext.isEmpty()) {
        body.append("<h4>output context</h4>");
        ColoredText t = outputContext(n);
        flow(body, t, new HashSet<>(c.outputCues()), "e4j-cue", "c", seq, div);
        body.append(HeatmapHtml.legend(t.range(), theme));
      }
      body.append("</section>\n");
    }
    return Css.rootOpen("context", document, theme)
        + ".e4j .e4j-flow{line-height:1.9;margin:0;max-width:70em}"
        + ".e4j .e4j-flow .e4j-tok{white-space:pre-wrap;border-radius:3px;padding:1px 0}"
        + ".e4j .e4j-cti,.e4j .e4j-cue{font-weight:bold;outline:2px solid var(--e4j-accent);"
        + "outline-offset:1px}.e4j .e4j-meta{color:var(--e4j-muted)}\n"
        + Css.stepClasses(seq, div, theme)
        + "</style>\n"
        + body
        + "</div>";
  }

  private static void flow(
      StringBuilder body,
      ColoredText t,
      Set<Integer> marked,
      String mark,
      String prefix,
      BitSet seq,
      BitSet div) {
    body.append("<p class=\"e4j-flow\">");
    for (int i = 0; i < t.tokens().size(); i++) {
      String tok = t.tokens().get(i);
      float v = t.score(i);
      body.append("<span id=\"")
          .append(prefix)
          .append(i)
          .append("\" class=\"e4j-tok ")
          .append(Css.stepClass(t.range(), v, seq, div))
          .append(marked.contains(i) ? " " + mark : "")
          .append("\" title=\"")
          .append(Html.label(tok))
          .append(": ")
          .append(Numbers.cell(v))
          .append("\">")
          .append(Html.escape(tok))
          .append("</span>");
    }
    body.append("</p>");
  }

  /** Terminal text: the output, then each selected token's contexts and cues. */
  public String ansi(AnsiOptions o) {
    StringBuilder sb = new StringBuilder(ColoredTextWriter.ansi(output(), o));
    sb.append("context-sensitive: ")
        .append(result.cues().isEmpty() ? "none" : "")
        .append(String.join(", ", result.cues().stream().map(this::ctiLabel).toList()))
        .append('\n');
    for (int n = 0; n < result.cues().size(); n++) {
      ContextCue c = result.cues().get(n);
      sb.append('\n').append('#').append(n + 1).append(' ').append(ctiLabel(c)).append('\n');
      if (!inputContext.isEmpty()) {
        sb.append(ColoredTextWriter.ansi(inputContext(n), o));
        sb.append("cues: ").append(cues(c.inputCues(), inputContext, c.inputContextScores()));
      }
      if (!outputContext.isEmpty()) {
        sb.append(ColoredTextWriter.ansi(outputContext(n), o));
        sb.append("cues: ").append(cues(c.outputCues(), outputContext, c.outputContextScores()));
      }
    }
    return sb.toString();
  }

  private String ctiLabel(ContextCue c) {
    return TokenText.visible(output.get(c.index()))
        + " ("
        + Numbers.cell((float) c.ctiScore())
        + ")";
  }

  private static String cues(List<Integer> idx, List<String> labels, List<Double> scores) {
    if (idx.isEmpty()) {
      return "none\n";
    }
    return String.join(
            ", ",
            idx.stream()
                .map(
                    i ->
                        TokenText.visible(labels.get(i))
                            + " ("
                            + Numbers.cell(scores.get(i).floatValue())
                            + ")")
                .toList())
        + "\n";
  }

  private static float[] floats(List<Double> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).floatValue();
    }
    return out;
  }
}
