package dev.explain4j.render;

import dev.explain4j.attribution.AggregatedAttribution;
import dev.explain4j.attribution.Classification;
import dev.explain4j.attribution.Prediction;
import dev.explain4j.tokenize.TokenLabels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Views of an explained classification: the coloured text of each explained label (words by
 * default, subwords merged as for generation), and the heatmap table (input words as rows, labels
 * or tagged tokens as columns, each label's score below), in HTML, PNG, SVG or the terminal.
 */
public final class ClassificationView {
  private final Classification result;
  private final AggregatedAttribution agg;
  private final List<String> rows;
  private final List<String> flow;
  private final List<String> columns;

  private ClassificationView(Classification result, AggregatedAttribution agg, List<String> rows) {
    this.result = result;
    this.agg = agg;
    this.rows = List.copyOf(rows);
    this.flow = spaced(rows);
    this.columns = TokenLabels.displayJoined(dir(result), agg.generatedTokens());
  }

  private static Path dir(Classification c) {
    return Path.of(c.attribution().provenance().model().location());
  }

  /** Word level: the method's default aggregation, subwords merged into words. */
  public static ClassificationView of(Classification result) {
    AggregatedAttribution agg = result.aggregate();
    return new ClassificationView(
        result, agg, TokenLabels.displayJoined(dir(result), agg.sourceTokens()));
  }

  /** Token level: the method's default aggregation, one row per token. */
  public static ClassificationView tokens(Classification result) {
    var r = result.attribution();
    return new ClassificationView(
        result,
        result.aggregateTokens(),
        TokenLabels.display(dir(result), r.sourceIds(), r.sourceTokens()));
  }

  /** Tokens for running text: a space before each that has none (WordPiece shows bare words). */
  private static List<String> spaced(List<String> labels) {
    List<String> out = new ArrayList<>(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      String s = labels.get(i);
      boolean bare = i > 0 && !s.isEmpty() && !Character.isWhitespace(s.codePointAt(0));
      out.add(bare ? " " + s : s);
    }
    return out;
  }

  /** One line: the prediction (labels with probabilities, the answer, or each token's label). */
  public String summary() {
    Prediction p = result.prediction();
    StringBuilder sb = new StringBuilder();
    if (p.answer() != null) {
      sb.append("answer: ").append(p.answer());
    } else if (!p.tokens().isEmpty()) {
      sb.append(p.head().equals("masked_lm") ? "fills:" : "tags:");
      for (Prediction.TokenLabel t : p.tokens()) {
        sb.append(' ').append(t.label()).append(String.format(" (%.3f)", t.probability()));
      }
    } else {
      sb.append("predicted:");
      for (String label : p.labels()) {
        sb.append(' ').append(label);
      }
    }
    if (p.answer() == null && !p.probabilities().isEmpty()) {
      sb.append(" |");
      for (Map.Entry<String, Double> e : p.probabilities().entrySet()) {
        sb.append(' ').append(e.getKey()).append(String.format("=%.3f", e.getValue()));
      }
    }
    return TokenText.visible(sb.toString());
  }

  /** The table; signed scores get a diverging colour range centred on 0. */
  public HeatmapTable table() {
    var prov = agg.provenance();
    String title = "Attribution (" + prov.method() + ", " + prov.attributedFn() + ")";
    HeatmapTable t = HeatmapTable.of(title, rows, columns, agg.source());
    for (Map.Entry<String, float[]> e : agg.stepScores().entrySet()) {
      t = t.withScoreRow(e.getKey(), e.getValue());
    }
    return t;
  }

  /** The coloured text of objective {@code k}, titled with it and its score. */
  public ColoredText text(int k) {
    float[] scores = agg.stepScores().values().stream().findFirst().orElse(new float[0]);
    String score = k < scores.length ? String.format(" (%.3f)", scores[k]) : "";
    return ColoredText.of(flow, agg.step(k)).withTitle(columns.get(k) + score);
  }

  /** Every objective's coloured text. */
  public List<ColoredText> texts() {
    List<ColoredText> out = new ArrayList<>();
    for (int k = 0; k < columns.size(); k++) {
      out.add(text(k));
    }
    return out;
  }

  /** The summary, each label's coloured text and the table, as one document. */
  public String html(Theme theme) {
    return Page.document("explain4j: " + summary(), theme, fragment(theme));
  }

  /** What {@link #html} shows, as a fragment for embedding (for example Jupyter output). */
  public String fragment(Theme theme) {
    StringBuilder body = new StringBuilder();
    body.append("<p>").append(Html.escape(summary())).append("</p>\n");
    for (ColoredText t : texts()) {
      body.append(ColoredTextWriter.fragment(t, theme));
    }
    body.append(HeatmapHtml.fragment(table(), theme));
    return body.toString();
  }

  public void writeHtml(Path file, Theme theme) {
    AtomicFiles.writeString(file, html(theme));
  }

  public void writePng(Path file, Theme theme) {
    HeatmapPng.write(file, table(), theme);
  }

  public void writeSvg(Path file, Theme theme) {
    HeatmapSvg.write(file, table(), theme);
  }

  /** The summary and each label's coloured text; with several labels, the table too. */
  public String ansi(AnsiOptions options) {
    StringBuilder sb = new StringBuilder(summary()).append('\n');
    for (ColoredText t : texts()) {
      sb.append(ColoredTextWriter.ansi(t, options));
    }
    if (columns.size() > 1) {
      sb.append(HeatmapAnsi.render(table(), options));
    }
    return sb.toString();
  }
}
