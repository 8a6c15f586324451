package dev.explain4j.spark;

import dev.explain4j.InvalidInputException;
import dev.explain4j.data.DatasetEngine;
import dev.explain4j.data.DatasetJob;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code explain4j attribute-dataset --engine spark}: reads the dataset with Spark's readers
 * (jsonl, csv, parquet), attributes it with {@link SparkAttributor#attributeTo} and writes the
 * results as Parquet under {@code --out}. Settings: {@code master} ({@code --master}, default
 * {@code local[*]}) and any {@code spark.*} property ({@code --conf}). Found by the CLI through
 * {@link java.util.ServiceLoader}.
 */
public final class SparkDatasetEngine implements DatasetEngine {
  /** The engine's name, {@code spark}. */
  @Override
  public String name() {
    return "spark";
  }

  @Override
  public DatasetRun run(DatasetJob job) {
    if (!Files.exists(job.dataset())) {
      throw new InvalidInputException("no dataset at " + job.dataset());
    }
    SparkConf conf = new SparkConf().setAppName("explain4j attribute-dataset");
    String master = job.settings().getOrDefault("master", conf.get("spark.master", "local[*]"));
    conf.setMaster(master);
    for (Map.Entry<String, String> e : job.settings().entrySet()) {
      if (e.getKey().startsWith("spark.")) {
        conf.set(e.getKey(), e.getValue());
      }
    }
    ExecutorSettings.apply(conf, !master.startsWith("local"));
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try {
      Dataset<Row> input = read(spark, job);
      SparkAttributionOptions o =
          SparkAttributionOptions.builder(job.model())
              .optModelOptions(job.modelOptions())
              .optAttributionOptions(job.options())
              .optTextColumn(job.textField())
              .optTargetColumn(job.targetField())
              .optIdColumn(job.idField())
              .optPrecision(job.precision())
              .optBatchSize(job.batchSize())
              .build();
      Long limit = job.limit() == null ? null : job.limit().longValue();
      return SparkAttributor.attributeTo(
          input, o, job.out().toString(), limit, SparkAttributor.Naming.CLI);
    } finally {
      spark.stop();
    }
  }

  private static Dataset<Row> read(SparkSession spark, DatasetJob job) {
    String path = job.dataset().toString();
    String format = job.format();
    if (format == null) {
      String name = job.dataset().getFileName().toString().toLowerCase(Locale.ROOT);
      format = name.substring(name.lastIndexOf('.') + 1);
    }
    try {
      return switch (format) {
        case "jsonl", "json", "ndjson" -> spark.read().json(path);
        case "csv" -> spark.read().option("header", "true").csv(path);
        case "parquet" -> spark.read().parquet(path);
        default ->
            throw new InvalidInputException(
                "--format: the Spark engine reads jsonl, csv and parquet, not '"
                    + format
                    + "' ("
                    + path
                    + "); use the local engine for saved Hugging Face datasets");
      };
    } catch (InvalidInputException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidInputException(
          "cannot read " + path + " as " + format + ": " + e.getMessage(), e);
    }
  }
}
