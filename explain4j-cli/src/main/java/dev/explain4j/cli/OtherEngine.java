package dev.explain4j.cli;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attribution.AttributionOptions;
import dev.explain4j.attribution.ScorePrecision;
import dev.explain4j.data.DatasetEngine;
import dev.explain4j.data.DatasetEngine.DatasetRun;
import dev.explain4j.data.DatasetJob;
import dev.explain4j.render.TokenText;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code attribute-dataset --engine NAME}: hands the job to a {@link DatasetEngine} found on the
 * classpath (explain4j-spark's {@code spark}), so the CLI itself names no engine's classes.
 */
final class OtherEngine {
  private OtherEngine() {}

  static int run(
      AttributeDatasetCommand c,
      AttributionOptions options,
      ScorePrecision precision,
      PrintWriter out,
      PrintWriter err) {
    DatasetEngine engine =
        DatasetEngine.find(c.engine)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        c.engine.equals("spark")
                            ? "--engine spark: explain4j-spark is not on the classpath; build it"
                                + " (mvn -pl explain4j-spark -am package) and set SPARK_HOME for"
                                + " bin/explain4j, or run through spark-submit"
                            : "--engine " + c.engine + ": unknown engine; use local or spark"));
    if (c.split != null) {
      throw new InvalidInputException("--split: the " + c.engine + " engine reads files only");
    }
    Map<String, String> settings = new LinkedHashMap<>(c.sparkConf);
    if (c.master != null) {
      settings.put("master", c.master);
    }
    DatasetRun run =
        engine.run(
            new DatasetJob(
                c.dataset,
                c.format,
                c.textField,
                c.targetField,
                c.idField,
                c.limit,
                c.modelArgs.model,
                c.modelArgs.options(),
                options,
                precision,
                c.batchSize,
                c.out,
                settings));
    out.println(
        "wrote "
            + run.written()
            + " records to "
            + TokenText.visible(c.out.toString())
            + (run.skipped() > 0 ? " (" + run.skipped() + " already there)" : ""));
    out.flush();
    if (!run.failures().isEmpty()) {
      err.println("explain4j attribute-dataset: " + run.failures().size() + " records failed:");
      for (String f : run.failures()) {
        err.println("  " + TokenText.visible(f));
      }
      err.flush();
      return Main.FAILURE;
    }
    return Main.OK;
  }
}
