package dev.explain4j.cli;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attribution.AggregatedAttribution;
import dev.explain4j.attribution.AttributionJson;
import dev.explain4j.attribution.AttributionResult;
import dev.explain4j.attribution.ScorePrecision;
import dev.explain4j.render.AtomicFiles;
import dev.explain4j.render.TokenPairRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Attribution results as files: JSON that loads back into the Java types, and long-format rows. */
public final class ResultFiles {
  private ResultFiles() {}

  /** Writes the raw result (granular scores included) as JSON, atomically. */
  public static void writeJson(Path file, AttributionResult result) {
    writeJson(file, result, ScorePrecision.FLOAT32);
  }

  /** Writes the raw result as JSON with its scores rounded to {@code precision}, atomically. */
  public static void writeJson(Path file, AttributionResult result, ScorePrecision precision) {
    AtomicFiles.writeString(file, AttributionJson.toJson(result, precision));
  }

  /** Reads a result written by {@link #writeJson}. */
  public static AttributionResult readJson(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("no attribution result at " + file);
    }
    try {
      return Jsons.MAPPER.readValue(file.toFile(), AttributionResult.class);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read " + file + " as an attribution result: " + e.getMessage(), e);
    }
  }

  /**
   * One row per (row token, generated token) pair of the default aggregation, NaN cells left out.
   */
  public static TokenPairRows rows(AttributionResult r) {
    return rows(r, ScorePrecision.FLOAT32);
  }

  /** {@link #rows(AttributionResult)} with the score column stored at {@code precision}. */
  public static TokenPairRows rows(AttributionResult r, ScorePrecision precision) {
    AggregatedAttribution agg = r.aggregate();
    TokenPairRows rows =
        new TokenPairRows()
            .stringColumn("side")
            .intColumn("position")
            .stringColumn("token")
            .intColumn("step")
            .stringColumn("generated")
            .floatColumn("score", precision);
    add(rows, "source", agg.source(), agg.sourceTokens(), agg.generatedTokens());
    add(rows, "target", agg.target(), agg.targetTokens(), agg.generatedTokens());
    return rows;
  }

  private static void add(
      TokenPairRows rows, String side, float[][] m, List<String> tokens, List<String> generated) {
    if (m == null) {
      return;
    }
    for (int p = 0; p < m.length; p++) {
      for (int k = 0; k < m[p].length; k++) {
        if (!Float.isNaN(m[p][k])) {
          rows.add(side, p, tokens.get(p), k, generated.get(k), m[p][k]);
        }
      }
    }
  }
}
