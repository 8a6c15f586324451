package dev.explain4j.render;

import dev.explain4j.attribution.AggregatedAttribution;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.tokenize.TokenLabels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Inseq-style views of an attribution: the heatmap table (source and target tokens as rows,
 * generated tokens as columns, step scores below) in HTML, PNG, SVG or the terminal, and the
 * coloured text of one step. Tokens are shown in their display form (byte-level and SentencePiece
 * markers undone) when the model's tokenizer can be read.
 */
public final class AttributionView {
  private final AttributionResult result;
  private final AggregatedAttribution agg;
  private final List<String> rowLabels;
  private final List<String> columnLabels;

  private AttributionView(
      AttributionResult result,
      AggregatedAttribution agg,
      List<String> rows,
      List<String> columns) {
    this.result = result;
    this.agg = agg;
    this.rowLabels = List.copyOf(rows);
    this.columnLabels = List.copyOf(columns);
  }

  /** The result aggregated with Inseq's default for its method. */
  public static AttributionView of(AttributionResult result) {
    return of(result, result.aggregate());
  }

  /** An aggregation of {@code result} (possibly merged or sliced). */
  public static AttributionView of(AttributionResult result, AggregatedAttribution agg) {
    Path dir = Path.of(result.provenance().model().location());
    List<String> src = labels(dir, agg.sourceTokens(), result.sourceTokens(), result.sourceIds());
    List<String> tgt = labels(dir, agg.targetTokens(), result.targetTokens(), result.targetIds());
    List<String> rows = new ArrayList<>();
    if (agg.source() != null) {
      rows.addAll(src);
    }
    if (agg.target() != null) {
      rows.addAll(tgt);
    }
    List<String> columns;
    if (agg.generatedTokens().equals(result.generatedTokens())) {
      columns = tgt.subList(result.attrPosStart(), result.attrPosEnd());
    } else {
      columns = TokenLabels.displayJoined(dir, agg.generatedTokens());
    }
    return new AttributionView(result, agg, rows, columns);
  }

  private static List<String> labels(
      Path dir, List<String> shown, List<String> raw, List<Long> ids) {
    if (shown.equals(raw)) {
      return TokenLabels.display(dir, ids, raw);
    }
    return TokenLabels.displayJoined(dir, shown);
  }

  /** The table; signed scores get a diverging colour range centred on 0. */
  public HeatmapTable table() {
    String title =
        "Attribution ("
            + agg.provenance().method()
            + (agg.provenance().attributedFn() == null
                ? ""
                : ", " + agg.provenance().attributedFn())
            + ")";
    HeatmapTable t = HeatmapTable.of(title, rowLabels, columnLabels, agg.rows());
    for (Map.Entry<String, float[]> e : agg.stepScores().entrySet()) {
      t = t.withScoreRow(e.getKey(), e.getValue());
    }
    return t;
  }

  /** The coloured text of step {@code k}: every row token coloured by its score for that step. */
  public ColoredText step(int k) {
    return ColoredText.of(rowLabels, agg.step(k));
  }

  public void writeHtml(Path file, Theme theme) {
    HeatmapHtml.write(file, table(), theme);
  }

  public void writePng(Path file, Theme theme) {
    HeatmapPng.write(file, table(), theme);
  }

  public void writeSvg(Path file, Theme theme) {
    HeatmapSvg.write(file, table(), theme);
  }

  /**
   * The interactive report: the heatmap of {@link #html}, then Inseq's granular view ({@code
   * show_granular}: click a cell for its scores over each dimension beyond tokens and steps, or
   * pick one dimension index for the raw heatmap there) and per-token view ({@code show_tokens}:
   * pick a generated token to see the tokens coloured by its attribution). Offline and
   * self-contained; every token is shown as text. Reads the result's granular scores, so the result
   * must be open.
   *
   * @throws dev.explain4j.InvalidInputException when {@code options} name a step score the result
   *     lacks
   */
  public String granularHtml(Theme theme, AttributionPageOptions options) {
    return AttributionPage.document(table(), agg, result, rowLabels, columnLabels, theme, options);
  }

  /** Writes {@link #granularHtml} to {@code file}, atomically. */
  public void writeGranularHtml(Path file, Theme theme, AttributionPageOptions options) {
    AtomicFiles.writeString(file, granularHtml(theme, options));
  }

  public String html(Theme theme) {
    return HeatmapHtml.document(table(), theme);
  }

  public String ansi(AnsiOptions options) {
    return HeatmapAnsi.render(table(), options);
  }
}
