package dev.explain4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.explain4j.Explain4jException;
import dev.explain4j.citation.Faithfulness;
import dev.explain4j.citation.TokenFaithfulness;
import dev.explain4j.render.LineChart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code explain4j evaluate}'s results per method: every evaluated curve (one per record for
 * sources, one per step for tokens), their means as a Markdown, CSV or JSON table, and the mean
 * deletion and insertion curves as a {@link LineChart}.
 */
final class FaithfulnessTable {
  static final int POINTS = 11;

  /** What one method gathered: records, each evaluated curve, soft scores (tokens only). */
  static final class Entry {
    int records;
    final List<Faithfulness> curves = new ArrayList<>();
    final List<double[]> soft = new ArrayList<>();
  }

  private final boolean tokens;
  private final Map<String, Entry> byMethod = new LinkedHashMap<>();

  /** {@code tokens}: token-level (steps and soft scores columns), else sources. */
  FaithfulnessTable(boolean tokens, List<String> methods) {
    this.tokens = tokens;
    methods.forEach(m -> byMethod.put(m, new Entry()));
  }

  /** One record's source-level faithfulness. */
  void add(String method, Faithfulness f) {
    Entry e = byMethod.get(method);
    e.records++;
    e.curves.add(f);
  }

  /** One record's token-level faithfulness: each of its steps. */
  void add(String method, TokenFaithfulness f) {
    Entry e = byMethod.get(method);
    e.records++;
    for (TokenFaithfulness.Step s : f.steps()) {
      e.curves.add(s.metrics());
      e.soft.add(new double[] {s.softComprehensiveness(), s.softSufficiency()});
    }
  }

  private List<String> header() {
    List<String> h = new ArrayList<>(List.of("method", "records"));
    if (tokens) {
      h.add("steps");
    }
    h.addAll(
        List.of("AOPC comprehensiveness", "AOPC sufficiency", "deletion area", "insertion area"));
    if (tokens) {
      h.addAll(List.of("soft comprehensiveness", "soft sufficiency"));
    }
    return h;
  }

  /** Each method's means over the evaluated curves (NaN where none), in header order. */
  private double[] means(Entry e) {
    List<Double> v = new ArrayList<>();
    v.add(mean(e.curves, Faithfulness::aopcComprehensiveness));
    v.add(mean(e.curves, Faithfulness::aopcSufficiency));
    v.add(mean(e.curves, Faithfulness::deletionArea));
    v.add(mean(e.curves, Faithfulness::insertionArea));
    if (tokens) {
      v.add(mean(e.soft, s -> s[0]));
      v.add(mean(e.soft, s -> s[1]));
    }
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static <T> double mean(List<T> list, ToDoubleFunction<T> f) {
    return list.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
  }

  /** The table as Markdown: one row per method, four decimals, "-" for a missing value. */
  String markdown() {
    List<String> h = header();
    StringBuilder b = new StringBuilder("| ").append(String.join(" | ", h)).append(" |\n|");
    b.append("---|".repeat(h.size())).append('\n');
    byMethod.forEach(
        (m, e) -> {
          b.append("| ").append(m.replace("|", "\\|")).append(" | ").append(e.records);
          if (tokens) {
            b.append(" | ").append(e.curves.size());
          }
          for (double v : means(e)) {
            b.append(" | ").append(Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v));
          }
          b.append(" |\n");
        });
    return b.toString();
  }

  /** The table as CSV (RFC 4180 quoting), full precision, empty for a missing value. */
  String csv() {
    StringBuilder b = new StringBuilder();
    b.append(String.join(",", header().stream().map(s -> s.replace(' ', '_')).toList()))
        .append("\r\n");
    byMethod.forEach(
        (m, e) -> {
          b.append(quote(m)).append(',').append(e.records);
          if (tokens) {
            b.append(',').append(e.curves.size());
          }
          for (double v : means(e)) {
            b.append(',').append(Double.isNaN(v) ? "" : Double.toString(v));
          }
          b.append("\r\n");
        });
    return b.toString();
  }

  private static String quote(String s) {
    boolean plain = s.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
    return plain ? s : '"' + s.replace("\"", "\"\"") + '"';
  }

  /** The table as JSON: per method its means and mean curves (null for a missing value). */
  String json() {
    ObjectNode root = Jsons.MAPPER.createObjectNode();
    root.put("level", tokens ? "tokens" : "sources");
    ArrayNode rows = root.putArray("methods");
    List<String> keys =
        List.of(
            "aopcComprehensiveness",
            "aopcSufficiency",
            "deletionArea",
            "insertionArea",
            "softComprehensiveness",
            "softSufficiency");
    byMethod.forEach(
        (m, e) -> {
          ObjectNode row = rows.addObject().put("method", m).put("records", e.records);
          if (tokens) {
            row.put("steps", e.curves.size());
          }
          double[] v = means(e);
          for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
              row.putNull(keys.get(i));
            } else {
              row.put(keys.get(i), v[i]);
            }
          }
          ObjectNode curves = row.putObject("meanCurves");
          ArrayNode x = curves.putArray("fractions");
          for (int i = 0; i < POINTS; i++) {
            x.add(i / (double) (POINTS - 1));
          }
          for (boolean deletion : new boolean[] {true, false}) {
            ArrayNode y = curves.putArray(deletion ? "deletion" : "insertion");
            if (!e.curves.isEmpty()) {
              for (double d : meanCurve(e.curves, deletion)) {
                y.add(d);
              }
            }
          }
        });
    try {
      return Jsons.MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException ex) {
      throw new Explain4jException("could not write the table as JSON: " + ex.getMessage(), ex);
    }
  }

  /**
   * Each method's mean deletion and insertion curves, resampled at 0, 10, ..., 100%, as a line
   * chart of two panels; methods with nothing evaluated are left out.
   */
  LineChart chart(String units, String score) {
    List<LineChart.Series> deletion = new ArrayList<>();
    List<LineChart.Series> insertion = new ArrayList<>();
    double[] x = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      x[i] = i / (double) (POINTS - 1);
    }
    byMethod.forEach(
        (m, e) -> {
          if (!e.curves.isEmpty()) {
            deletion.add(new LineChart.Series(m, x, meanCurve(e.curves, true)));
            insertion.add(new LineChart.Series(m, x, meanCurve(e.curves, false)));
          }
        });
    if (deletion.isEmpty()) {
      throw new dev.explain4j.InvalidInputException(
          "--plot: no method was evaluated on any record");
    }
    return new LineChart(
        "Mean deletion and insertion curves per method",
        List.of(
            new LineChart.Panel(
                "Deletion (top " + units + " removed first)",
                "fraction of " + units + " removed",
                score,
                deletion),
            new LineChart.Panel(
                "Insertion (top " + units + " added first)",
                "fraction of " + units + " kept",
                score,
                insertion)));
  }

  static double[] meanCurve(List<Faithfulness> list, boolean deletion) {
    double[] out = new double[POINTS];
    for (Faithfulness f : list) {
      double[] x = f.fractions();
      double[] y = deletion ? f.deletion() : f.insertion();
      for (int i = 0; i < POINTS; i++) {
        out[i] += interpolate(x, y, i / (double) (POINTS - 1)) / list.size();
      }
    }
    return out;
  }

  static double interpolate(double[] x, double[] y, double at) {
    for (int i = 1; i < x.length; i++) {
      if (at <= x[i]) {
        double w = (at - x[i - 1]) / (x[i] - x[i - 1]);
        return y[i - 1] + w * (y[i] - y[i - 1]);
      }
    }
    return y[y.length - 1];
  }
}
