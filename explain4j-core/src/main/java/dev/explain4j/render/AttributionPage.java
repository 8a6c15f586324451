package dev.explain4j.render;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attribution.AggregatedAttribution;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.ScoreArray;
import dev.explain4j.attribution.ScorePrecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The interactive attribution report: the aggregated heatmap, then Inseq's granular view (click a
 * cell for its scores over every shown dimension; pick one dimension index to see the raw heatmap
 * at that index) and its per-token view (pick a generated token to see the input coloured by its
 * attribution). Self-contained and offline; data travels as JSON inside the page, and the script
 * puts every token into the page as text.
 */
final class AttributionPage {
  private AttributionPage() {}

  static String document(
      HeatmapTable table,
      AggregatedAttribution agg,
      AttributionResult result,
      List<String> rows,
      List<String> columns,
      Theme theme,
      AttributionPageOptions options) {
    Map<String, float[]> scores = agg.stepScores();
    String highlight = options.stepScoreHighlight();
    if (highlight != null && !scores.containsKey(highlight)) {
      throw new InvalidInputException(
          "stepScoreHighlight '"
              + highlight
              + "' is not a step score of this result; it has "
              + (scores.isEmpty() ? "none" : String.join(", ", scores.keySet())));
    }
    String title = table.title().isEmpty() ? "explain4j heatmap" : table.title();
    String body =
        HeatmapHtml.fragment(table, theme, true)
            + "\n"
            + section(agg, result, rows, columns, theme, options);
    return Page.document(title, theme, body);
  }

  private static String section(
      AggregatedAttribution agg,
      AttributionResult result,
      List<String> rows,
      List<String> columns,
      Theme theme,
      AttributionPageOptions options) {
    Granular g = Granular.of(agg, result, options.maxShowSize());
    JsonOut j = new JsonOut().begin();
    j.field("rows", rows.stream().map(AttributionPage::label).toList())
        .field("columns", columns.stream().map(AttributionPage::label).toList())
        .field("indexNames", g.indexNames)
        .field("dimText", g.text)
        .field("shownSize", g.shown)
        .field("wrap", Math.max(1, g.wrap))
        .rawField("raw", g.raw)
        .rawField("agg", matrix(agg.rows()));
    String highlight = options.stepScoreHighlight();
    if (highlight == null) {
      j.rawField("highlight", "null");
    } else {
      j.key("highlight")
          .begin()
          .field("name", highlight)
          .rawField("values", numbers(agg.stepScores().get(highlight)))
          .end();
    }
    j.key("lut").begin();
    for (Theme t : new Theme[] {Theme.LIGHT, Theme.DARK}) {
      j.key(t == Theme.LIGHT ? "light" : "dark")
          .begin()
          .field("seq", ColorMap.sequential(t).lutHex())
          .field("div", ColorMap.diverging(t).lutHex())
          .end();
    }
    j.end().end();
    String id = "e4j-granular-" + Integer.toHexString(System.identityHashCode(j));
    return "<div class=\"e4j e4j-granular\" id=\""
        + id
        + "\" data-theme=\""
        + theme.name().toLowerCase(java.util.Locale.ROOT)
        + "\" data-state=\"loading\">\n<style>"
        + Css.themeVariables()
        + Css.resource("granular.css")
        + "</style>\n<noscript><p>The granular and per-token views need JavaScript.</p></noscript>\n"
        + "<h3>Granular scores</h3>\n<p class=\"e4j-note\">"
        + Html.escape(g.text)
        + "</p>\n<div class=\"e4j-cell-view\">Click a cell of the heatmap for its scores over"
        + " every shown dimension.</div>\n<div class=\"e4j-dim-view\"></div>\n"
        + "<h3>Per-token view</h3>\n<div class=\"e4j-token-view\"></div>\n"
        + "<script type=\"application/json\" class=\"e4j-granular-config\">"
        + j
        + "</script>\n<script>(function(){\"use strict\";\n"
        + Scripts.GRANULAR
        + "\ne4jGranular(document.getElementById("
        + Html.jsonString(id)
        + "));\n})();</script>\n</div>";
  }

  /** A token as the heatmap labels it: visible markers, spaces as ␣. */
  private static String label(String token) {
    return TokenText.visible(token, true);
  }

  static String matrix(float[][] m) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < m.length; i++) {
      sb.append(i == 0 ? "" : ",").append(numbers(m[i]));
    }
    return sb.append(']').toString();
  }

  static String numbers(float[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ",").append(number(v[i]));
    }
    return sb.append(']').toString();
  }

  /** Half precision text (the views show three decimals), full text beyond half's range. */
  static String number(float v) {
    if (!Float.isFinite(v)) {
      return "null";
    }
    return Math.abs(v) < 65000 ? ScorePrecision.FLOAT16.decimal(v) : Float.toString(v);
  }

  /** The raw scores as the page embeds them: per row, per step, the shown dimension indices. */
  private record Granular(String raw, int shown, int wrap, List<String> indexNames, String text) {
    static Granular of(AggregatedAttribution agg, AttributionResult result, int maxShow) {
      ScoreArray src = result.source();
      ScoreArray tgt = result.target();
      ScoreArray any = tgt != null ? tgt : src;
      int steps = agg.rows().length == 0 ? 0 : agg.rows()[0].length;
      boolean matches =
          any != null
              && (agg.source() == null) == (src == null)
              && (agg.target() == null) == (tgt == null)
              && (src == null || src.size(0) == agg.source().length)
              && (tgt == null || tgt.size(0) == agg.target().length)
              && any.size(1) == steps;
      if (!matches) {
        return new Granular(
            "[]",
            0,
            1,
            List.of(),
            "The heatmap's rows or steps were merged or sliced, so its cells have no granular"
                + " scores.");
      }
      List<String> dims = result.dims().subList(1, result.dims().size());
      int rank = any.rank();
      if (rank <= 2) {
        return new Granular(
            "[]",
            0,
            1,
            List.of(),
            "This method's scores have no dimension beyond tokens and steps.");
      }
      int[] size = new int[rank - 2];
      int[] shownPer = new int[rank - 2];
      List<String> parts = new ArrayList<>();
      int shown = 1;
      for (int d = 0; d < size.length; d++) {
        size[d] = any.size(d + 2);
        shownPer[d] = Math.min(size[d], maxShow);
        shown *= shownPer[d];
        String name = d + 1 < dims.size() ? dims.get(d + 1) : "dim " + (d + 2);
        parts.add(name + ": " + shownPer[d] + " of " + size[d] + " shown");
      }
      List<String> names = new ArrayList<>();
      int[] idx = new int[size.length];
      for (int s = 0; s < shown; s++) {
        int rest = s;
        StringBuilder label = new StringBuilder();
        for (int d = size.length - 1; d >= 0; d--) {
          idx[d] = rest % shownPer[d];
          rest /= shownPer[d];
        }
        for (int d = 0; d < size.length; d++) {
          String name = d + 1 < dims.size() ? dims.get(d + 1) : "dim " + (d + 2);
          label.append(d == 0 ? "" : ", ").append(name).append(' ').append(idx[d]);
        }
        names.add(label.toString());
      }
      StringBuilder raw = new StringBuilder("[");
      boolean first = true;
      for (ScoreArray a : new ScoreArray[] {src, tgt}) {
        if (a == null) {
          continue;
        }
        for (int p = 0; p < a.size(0); p++) {
          raw.append(first ? "[" : ",[");
          first = false;
          for (int k = 0; k < steps; k++) {
            for (int s = 0; s < shown; s++) {
              int[] at = new int[rank];
              at[0] = p;
              at[1] = k;
              int rest = s;
              for (int d = size.length - 1; d >= 0; d--) {
                at[d + 2] = rest % shownPer[d];
                rest /= shownPer[d];
              }
              raw.append(k == 0 && s == 0 ? "" : ",").append(number(a.get(at)));
            }
          }
          raw.append(']');
        }
      }
      raw.append(']');
      String text =
          String.join("; ", parts) + " (maxShowSize " + maxShow + ", Inseq's max_show_size)";
      return new Granular(raw.toString(), shown, shownPer[shownPer.length - 1], names, text);
    }
  }
}
